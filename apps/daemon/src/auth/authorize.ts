import { ConfitureError, type DaemonRole, type DaemonToken } from '@confiture/domain';
import { hasRole, verifyToken, type Caller } from './token-verifier';

/**
 * The caller of `Authorization: Bearer <token>` when its token is configured (else UNAUTHENTICATED,
 * 401) and its role at least `needed` (else ACCESS_DENIED, 403). The guard and the gate of the
 * OpenAPI document both decide with this, and only with this.
 */
export function authorize(
  tokens: readonly DaemonToken[],
  authorization: string | undefined,
  needed: DaemonRole,
): Caller {
  const match = /^Bearer ([^\s]+)$/i.exec(authorization ?? '');
  const caller = match ? verifyToken(tokens, match[1]!) : undefined;
  if (!caller) {
    throw new ConfitureError(
      'UNAUTHENTICATED',
      match
        ? 'the bearer token is not one the daemon knows'
        : 'this call needs Authorization: Bearer <token>',
      {
        hint: 'Send a token whose SHA-256 is listed under auth.tokens of the daemon configuration.',
      },
    );
  }
  if (!hasRole(caller.role, needed)) {
    throw new ConfitureError(
      'ACCESS_DENIED',
      `token "${caller.name}" is ${caller.role}; this call needs ${needed}`,
      {
        hint: 'Use a token with a higher role (viewer < operator < admin).',
      },
    );
  }
  return caller;
}
