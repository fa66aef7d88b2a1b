import type { LoggerService } from '@nestjs/common';
import type { Logger as PinoLogger } from 'pino';

type Level = 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal';

/**
 * Nest's logger on pino: Nest's own lines and `new Logger(context)` calls become JSON lines with a
 * `context` field; `logger.log({ job }, 'message')` merges the object's fields. (nestjs-pino 5,
 * the integration that supports Nest 12, declares Node ≥ 22.12; this is the part the daemon needs.)
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: PinoLogger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const rest = [...params];
    // Nest passes the logger's context last.
    const context =
      rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? rest.pop() : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: { message: message.message } }, message.message);
    } else if (message !== null && typeof message === 'object') {
      this.pino[level](
        { ...fields, ...(message as Record<string, unknown>) },
        typeof rest[0] === 'string' ? rest[0] : '',
      );
    } else {
      // Nest's error(message, stack, context): the stack is kept as a field.
      if (level === 'error' && typeof rest[0] === 'string') fields['stack'] = rest[0];
      this.pino[level](fields, String(message));
    }
  }
}
