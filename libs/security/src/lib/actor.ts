import { hostname, userInfo } from 'node:os';

/** Who runs this process, and where: recorded in every audit and token-access entry. */
export interface Actor {
  /** The operating-system user. */
  osUser: string;
  host: string;
}

/** The OS user and host of this process (`unknown` where the platform cannot tell). */
export function currentActor(): Actor {
  let osUser = 'unknown';
  try {
    osUser = userInfo().username || osUser;
  } catch {
    // No passwd entry for this uid (some containers): the uid is still better than nothing.
    osUser = typeof process.getuid === 'function' ? `uid ${process.getuid()}` : osUser;
  }
  return { osUser, host: hostname() || 'unknown' };
}
