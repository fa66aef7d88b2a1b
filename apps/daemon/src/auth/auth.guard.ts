import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { DaemonConfig, DaemonRole } from '@confiture/domain';
import type { Request } from 'express';
import { DAEMON_CONFIG } from '../config/tokens';
import { authorize } from './authorize';
import { PUBLIC_KEY, ROLE_KEY } from './roles.decorator';
import type { Caller } from './token-verifier';

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
    request.caller = authorize(this.config.auth.tokens, request.headers.authorization, needed);
    return true;
  }
}
