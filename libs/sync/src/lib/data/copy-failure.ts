import { ConfitureError, isConfitureError } from '@confiture/domain';
import { withoutValues } from '../postgres-message';

/** Which end of a chunk's copy failed: the source's `COPY TO` or the target's `COPY FROM`. */
export type CopySide = 'source' | 'target';

/**
 * A failure of one end of a chunk's COPY, as {@link copyChunk} throws it; {@link copyFailure}
 * turns it into what the user sees.
 */
export class CopyStreamError extends Error {
  constructor(
    readonly side: CopySide,
    readonly error: unknown,
  ) {
    super(`the ${side} COPY failed`);
    this.name = 'CopyStreamError';
  }
}

/**
 * A chunk's copy failure as the error the sync reports and records: the table and chunk, the end
 * that failed, PostgreSQL's message without values (see {@link withoutValues}) and its SQLSTATE,
 * and what to do. A ConfitureError (a strategy's, say) keeps its code and gains the table. The
 * driver's error is not kept as the cause: its DETAIL and CONTEXT may hold row values.
 */
export function copyFailure(error: unknown, table: string, chunk: string): ConfitureError {
  if (error instanceof CopyStreamError) {
    const failure = (error.error ?? {}) as { code?: string; message?: string; severity?: string };
    const message = withoutValues(failure.message ?? String(error.error));
    // A server's error has a severity and a SQLSTATE; a socket's (ECONNRESET, EPIPE) neither.
    const sqlState = failure.severity !== undefined ? failure.code : undefined;
    return new ConfitureError(
      'SYNC_FAILED',
      `copying ${table} (${chunk}) failed on the ${error.side}: ${message}${sqlState ? ` (SQLSTATE ${sqlState})` : ''}`,
      { table, hint: hintFor(error.side, sqlState) },
    );
  }
  if (isConfitureError(error)) {
    if (error.location.table) return error;
    return new ConfitureError(error.code, error.message, {
      ...error.location,
      table,
      details: error.details,
      ...(error.hint ? { hint: error.hint } : {}),
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ConfitureError('SYNC_FAILED', `copying ${table} (${chunk}) failed: ${message}`, {
    table,
    cause: error,
  });
}

function hintFor(side: CopySide, code: string | undefined): string {
  if (code === '57P01' || code === undefined || code.startsWith('08')) {
    return `The ${side} session ended during the copy (terminated, or the connection was lost).`;
  }
  if (side === 'target' && (code.startsWith('22') || code.startsWith('23'))) {
    return 'The target rejected a row: its table no longer matches the source (changed since the schema phase?), or a strategy produced a value its column does not take.';
  }
  if (side === 'source' && code.startsWith('22')) {
    return 'The source could not compute a row: check the SQL strategies, filters and casts of this table.';
  }
  return `Check the ${side} server's log for this statement.`;
}
