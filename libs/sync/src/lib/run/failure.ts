import { ConfitureError, isConfitureError } from '@confiture/domain';
import type pg from 'pg';
import { withoutValues } from '../postgres-message';
import { StateStore } from './state-store';

/** How {@link markFailed} reaches the target when the run's own bookkeeping session cannot. */
export interface FailureRecovery {
  /** The session the run's {@link StateStore} writes through. */
  session: pg.ClientBase;
  /** Opens a fresh target session (closed with the run). */
  reconnect: () => Promise<pg.ClientBase>;
}

/**
 * After a run record exists, a failure leaves the target incomplete: marks the run failed (with
 * the reason, free of secrets and values) and returns the error to throw, which says so and how to
 * continue. When the store's session cannot record it, its transaction is rolled back (a failure
 * may leave it aborted, holding the run's row) and, should it have died, the record is made over a
 * fresh session.
 */
export async function markFailed(
  store: StateStore,
  runId: string,
  targetLabel: string,
  error: unknown,
  recovery?: FailureRecovery,
): Promise<unknown> {
  // A ConfitureError's message names no value; any other (a driver's, a hook's) may quote one.
  const reason = isConfitureError(error)
    ? error.message
    : withoutValues(error instanceof Error ? error.message : String(error));
  await store
    .fail(runId, reason)
    .catch(async (failed: unknown) => {
      if (!recovery) throw failed;
      await recovery.session.query('ROLLBACK').catch(() => undefined);
      await store.fail(runId, reason).catch(async () => {
        const fresh = await recovery.reconnect();
        // Never wait for a lock a stuck session holds: an unrecorded failure is better than a hang.
        await fresh.query(`SET lock_timeout = '10s'`);
        await new StateStore(fresh).fail(runId, reason);
      });
    })
    .catch(() => undefined);
  const incomplete = `The target ${targetLabel} is incomplete; run again with --resume to continue.`;
  if (!isConfitureError(error)) {
    return new ConfitureError('SYNC_FAILED', reason, { cause: error, hint: incomplete });
  }
  if (error.hint?.includes('--resume')) return error;
  return new ConfitureError(error.code, error.message, {
    ...error.location,
    details: error.details,
    cause: error,
    hint: `${error.hint ? `${error.hint}\n` : ''}${incomplete}`,
  });
}
