import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { parseHmacBackend, type HmacBackendChoice } from '@confiture/strategies';

/** What one replica knows about itself and its process (nothing another replica would need). */
export interface RuntimeSettings {
  /** Names this replica in events and logs: `<host>/<pid>/<random>`. */
  replica: string;
  /** Where seeds and keys are read from (the daemon's environment). */
  env: Readonly<Record<string, string | undefined>>;
  /** What the strategies hash HMAC batches with: CONFITURE_HMAC, read once at start-up. */
  hmacBackend: HmacBackendChoice;
}

/** The settings of this process. */
export function runtimeSettings(env: NodeJS.ProcessEnv = process.env): RuntimeSettings {
  return {
    replica: `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`,
    env,
    // A bad CONFITURE_HMAC stops the daemon at start-up, as it stops the CLI at pre-flight.
    hmacBackend: parseHmacBackend(env['CONFITURE_HMAC']),
  };
}
