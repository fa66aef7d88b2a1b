import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { isConfitureError, type ConfitureError } from '@confiture/domain';
import type { Request, Response } from 'express';
import { SecretValues } from '../logging/secret-values';
import { problemTitle, problemType, STATUS_OF, type ProblemDetails } from './problem-details';

/**
 * Every error of every route, in one place, as `application/problem+json` (RFC 9457): a
 * ConfitureError by its code; an HTTP exception of Nest (an unknown route, a bad JSON body) by its
 * status; anything else as a 500 that says nothing of its cause (which is logged, redacted).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly secrets: SecretValues) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.send(exception, http.getRequest<Request>(), http.getResponse<Response>());
  }

  /** Sends `exception` as problem details (also for middleware outside Nest's routes). */
  send(exception: unknown, request: Request, response: Response): void {
    // originalUrl: a mounted middleware (the document gate) sees only the rest of the path.
    const problem = this.problemOf(exception, request.originalUrl.split('?')[0]!);
    if (problem.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private problemOf(exception: unknown, instance: string): ProblemDetails {
    if (isConfitureError(exception)) return this.fromConfitureError(exception, instance);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code =
        status === 404
          ? 'NOT_FOUND'
          : status === 413
            ? 'REQUEST_INVALID'
            : status < 500
              ? 'REQUEST_INVALID'
              : 'INTERNAL';
      return {
        type: problemType(code),
        title: problemTitle(code),
        status,
        detail: status === 404 ? `no route ${instance}` : this.secrets.redact(exception.message),
        instance,
        code,
      };
    }
    this.logger.error(
      { err: { message: this.secrets.redact(String((exception as Error)?.message ?? exception)) } },
      'unexpected error',
    );
    return {
      type: problemType('INTERNAL'),
      title: problemTitle('INTERNAL'),
      status: 500,
      detail: 'the daemon failed to handle this request; its log says why',
      instance,
      code: 'INTERNAL',
    };
  }

  private fromConfitureError(error: ConfitureError, instance: string): ProblemDetails {
    const status = STATUS_OF[error.code] ?? 500;
    return {
      type: problemType(error.code),
      title: problemTitle(error.code),
      status,
      detail: this.secrets.redact(error.message),
      instance,
      code: error.code,
      ...(error.hint ? { hint: this.secrets.redact(error.hint) } : {}),
      ...(error.location.path ? { path: error.location.path } : {}),
      ...(error.details.length > 0
        ? {
            errors: error.details.map((d) => ({
              code: d.code,
              detail: this.secrets.redact(d.message),
              ...(d.location.path ? { path: d.location.path } : {}),
              ...(d.location.table ? { table: d.location.table } : {}),
              ...(d.location.column ? { column: d.location.column } : {}),
            })),
          }
        : {}),
    };
  }
}
