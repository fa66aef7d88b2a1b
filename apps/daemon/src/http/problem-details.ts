import type { ErrorCode } from '@confiture/domain';

/** HTTP status of each ConfitureError code; any other is 500. */
export const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  REQUEST_INVALID: 400,
  CONFIG_INVALID: 400,
  PROFILE_INVALID: 422,
  ENVIRONMENT_INVALID: 422,
  ENVIRONMENT_NOT_FOUND: 422,
  UNAUTHENTICATED: 401,
  ACCESS_DENIED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SYNC_REFUSED: 409,
  CONNECTION_FAILED: 502,
  INTERNAL: 500,
};

/** An RFC 9457 problem details object, with Confiture's code, location and hint as extensions. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  hint?: string;
  path?: string;
  errors?: { code: string; detail: string; path?: string; table?: string; column?: string }[];
}

/** `urn:confiture:problem:<code>`: one problem type per ConfitureError code. */
export function problemType(code: string): string {
  return `urn:confiture:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

/** Titles of the problem types (the short, fixed summary of a code). */
export function problemTitle(code: string): string {
  return code
    .toLowerCase()
    .split('_')
    .map((w, i) => (i === 0 ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join(' ');
}
