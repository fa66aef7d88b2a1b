import pino, { type Logger as PinoLogger } from 'pino';
import type { SecretValues } from './secret-values';

/**
 * The daemon's pino logger: JSON lines on stdout. Headers that carry credentials are removed, and
 * every line passes through the known secret values (environment secrets, database passwords) on
 * its way out, so that a secret never reaches the log even inside a message.
 */
export function createLogger(
  secrets: SecretValues,
  level = process.env['LOG_LEVEL'] ?? 'info',
): PinoLogger {
  const destination = pino.destination({ dest: 1, sync: true });
  return pino(
    {
      level,
      base: { service: 'confiture-daemon', pid: process.pid },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["proxy-authorization"]',
        ],
        remove: true,
      },
    },
    {
      write: (line: string) => destination.write(secrets.redact(line)),
    },
  );
}
