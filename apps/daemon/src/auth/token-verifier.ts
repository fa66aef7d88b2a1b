import { createHash, timingSafeEqual } from 'node:crypto';
import { DAEMON_ROLES, type DaemonRole, type DaemonToken } from '@confiture/domain';

/** Who called: the configured token's name and role. */
export interface Caller {
  name: string;
  role: DaemonRole;
}

/**
 * Finds the configured token whose SHA-256 is that of `token`. Every configured hash is compared,
 * in constant time, whatever matches first; the token itself is never kept or logged.
 */
export function verifyToken(tokens: readonly DaemonToken[], token: string): Caller | undefined {
  const digest = createHash('sha256').update(token, 'utf8').digest();
  let found: Caller | undefined;
  for (const candidate of tokens) {
    const expected = Buffer.from(candidate.sha256, 'hex');
    if (expected.length === digest.length && timingSafeEqual(expected, digest) && !found) {
      found = { name: candidate.name, role: candidate.role };
    }
  }
  return found;
}

/** Whether `role` is at least `needed`. */
export function hasRole(role: DaemonRole, needed: DaemonRole): boolean {
  return DAEMON_ROLES.indexOf(role) >= DAEMON_ROLES.indexOf(needed);
}

/** The SHA-256 hex of a token, as the configuration takes it. */
export function tokenSha256(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
