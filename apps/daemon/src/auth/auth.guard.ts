import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ConfitureError, type DaemonConfig, type DaemonRole } from '@confiture/domain';
import type { Request } from 'express';
import { DAEMON_CONFIG } from '../config/tokens';
import { PUBLIC_KEY, ROLE_KEY } from './roles.decorator';
import { hasRole, verifyToken, type Caller } from './token-verifier';

/** The request of an authenticated call. */
export interface AuthenticatedRequest extends Request {
  caller?: Caller;
}

/**
 * The one place where calls are authenticated and authorized: `Authorization: Bearer <token>`
 * against the configured SHA-256 hashes (401 when missing or unknown), then the handler's role
 * metadata (403 when the token's role is lower). Handlers marked @Public need no token.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(DAEMON_CONFIG) private readonly config: DaemonConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const needed = this.reflector.getAllAndOverride<DaemonRole>(ROLE_KEY, targets) ?? 'admin';
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([^\s]+)$/i.exec(header);
    const caller = match ? verifyToken(this.config.auth.tokens, match[1]!) : undefined;
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
    request.caller = caller;
    if (!hasRole(caller.role, needed)) {
      throw new ConfitureError(
        'ACCESS_DENIED',
        `token "${caller.name}" is ${caller.role}; this call needs ${needed}`,
        {
          hint: 'Use a token with a higher role (viewer < operator < admin).',
        },
      );
    }
    return true;
  }
}
