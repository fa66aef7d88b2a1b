import { ConfitureError, isConfitureError } from '@confiture/domain';
import type { StateStore } from './state-store';

/**
 * After a run record exists, a failure leaves the target incomplete: marks the run failed (with
 * the reason, free of secrets) and returns the error to throw, which says so and how to continue.
 */
export async function markFailed(
  store: StateStore,
  runId: string,
  targetLabel: string,
  error: unknown,
): Promise<unknown> {
  const reason = error instanceof Error ? error.message : String(error);
  await store.fail(runId, reason).catch(() => undefined);
  const incomplete = `The target ${targetLabel} is incomplete; run again with --resume to continue.`;
  if (!isConfitureError(error)) {
    return new ConfitureError('SYNC_FAILED', reason, { cause: error, hint: incomplete });
  }
  if (error.hint?.includes('--resume')) return error;
  return new ConfitureError(error.code, error.message, {
    ...error.location,
    details: error.details,
    cause: error,
    hint: `${error.hint ? `${error.hint} ` : ''}${incomplete}`,
  });
}
