import type { DaemonRole, DaemonToken } from '@confiture/domain';
import type { NextFunction, Response } from 'express';
import type { ProblemDetailsFilter } from '../http/problem-details.filter';
import type { AuthenticatedRequest } from './auth.guard';
import { authorize } from './authorize';

/**
 * Express middleware in front of what @nestjs/swagger serves by itself, outside Nest's routes and
 * so outside the guard (`/docs` and its assets, `/openapi.json`, `/openapi.yaml`): the same
 * {@link authorize} decides, and a refusal is the same problem details as from any route.
 */
export function documentGate(
  tokens: readonly DaemonToken[],
  needed: DaemonRole,
  problems: ProblemDetailsFilter,
) {
  return (request: AuthenticatedRequest, response: Response, next: NextFunction): void => {
    try {
      request.caller = authorize(tokens, request.headers.authorization, needed);
    } catch (error) {
      problems.send(error, request, response);
      return;
    }
    next();
  };
}
