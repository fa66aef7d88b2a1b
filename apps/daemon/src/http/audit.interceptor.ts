import {
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { isConfitureError } from '@confiture/domain';
import type { Response } from 'express';
import { catchError, from, mergeMap, type Observable, throwError } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { ApiAuditLog } from '../control/api-audit-log';
import { STATUS_OF } from './problem-details';

/**
 * Every mutating call that passed authentication, whether it succeeded or not, goes to the control
 * database's signed audit log with the token's name, before the response is sent.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(private readonly audit: ApiAuditLog) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (request.method === 'GET' || request.method === 'HEAD' || !request.caller)
      return next.handle();
    const caller = request.caller;
    const startedAt = new Date();
    const record = (status: number, jobId?: string) =>
      this.audit.record({
        method: request.method,
        route: request.path,
        token: caller.name,
        role: caller.role,
        status,
        ...(jobId ? { jobId } : {}),
        body: request.body,
        startedAt,
      });
    const jobIdOf = (value: unknown): string | undefined => {
      const id =
        (request.params as Record<string, string>)['id'] ?? (value as { id?: unknown })?.id;
      return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? id : undefined;
    };
    return next.handle().pipe(
      mergeMap((value) =>
        from(
          record(context.switchToHttp().getResponse<Response>().statusCode, jobIdOf(value)).then(
            () => value,
          ),
        ),
      ),
      catchError((error: unknown) =>
        from(
          record(
            isConfitureError(error) ? (STATUS_OF[error.code] ?? 500) : 500,
            jobIdOf(undefined),
          ).catch((e: Error) =>
            this.logger.error({ err: { message: e.message } }, 'audit entry not written'),
          ),
        ).pipe(mergeMap(() => throwError(() => error))),
      ),
    );
  }
}
