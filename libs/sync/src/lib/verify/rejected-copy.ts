import {
  ConfitureError,
  formatQualifiedName,
  quoteQualified,
  type Profile,
  type SyncReport,
} from '@confiture/domain';
import type pg from 'pg';
import type { RunRecord, StateStore } from '../run/state-store';

/** Checks whose failure says nothing of personal data: no table is emptied for them. */
const NOT_LEAKS = new Set(['row-counts', 'foreign-keys']);

/** What {@link rejectCopy} needs. */
export interface RejectCopyInput {
  target: pg.ClientBase;
  store: StateStore;
  runId: string;
  profile: Profile;
  report: SyncReport;
  /** The verdict's error (VERIFICATION_FAILED). */
  failure: ConfitureError;
}

/**
 * A target whose verification failed is not a good copy, and never looks like one: in one
 * transaction the tables a leak check named (with the tables whose foreign keys reference them)
 * are emptied, unless the profile accepts leaks (`fail_on_pii_leak: false`), and the run is marked
 * `failed` at phase `verify` with the reason. Returns the error to throw, naming what was emptied.
 * Such a run is not resumed ({@link isRejectedRun}): the profile must change first.
 */
export async function rejectCopy(input: RejectCopyInput): Promise<ConfitureError> {
  const { target, store, runId, failure } = input;
  const leaking = input.profile.global.failOnPiiLeak
    ? [
        ...new Set(
          (input.report.verification?.checks ?? [])
            .filter((c) => c.status === 'failed' && !NOT_LEAKS.has(c.name) && c.table)
            .map((c) => c.table as string),
        ),
      ]
    : [];
  let emptied: string[] = [];
  await target.query('BEGIN');
  try {
    emptied = await emptyTables(target, leaking);
    await store.setPhase(runId, 'verify');
    await store.fail(runId, failure.message);
    await target.query('COMMIT');
  } catch (error) {
    await target.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  const removed =
    emptied.length > 0
      ? ` The rows of the leaking tables were removed (${emptied.join(', ')} emptied).`
      : '';
  return new ConfitureError(failure.code, failure.message, {
    ...failure.location,
    details: failure.details,
    hint: `The run is marked failed: the target is not a good copy.${removed} Fix the profile for the columns named above and start a fresh sync (not --resume). The audit log records this failed verification.`,
  });
}

/** Whether a recorded run is one whose verification failed (see {@link rejectCopy}). */
export function isRejectedRun(run: RunRecord): boolean {
  return (
    run.status === 'failed' &&
    run.phase === 'verify' &&
    (run.error ?? '').startsWith('verification failed:')
  );
}

/** Truncates `labels` and the tables referencing them; returns every table emptied, by label. */
async function emptyTables(target: pg.ClientBase, labels: readonly string[]): Promise<string[]> {
  if (labels.length === 0) return [];
  const { rows } = await target.query<{ schema: string; name: string }>(
    `WITH RECURSIVE emptied(oid) AS (
       SELECT to_regclass(label)::oid FROM unnest($1::text[]) AS label WHERE to_regclass(label) IS NOT NULL
       UNION
       SELECT c.conrelid FROM pg_constraint c JOIN emptied e ON c.confrelid = e.oid WHERE c.contype = 'f'
     )
     SELECT n.nspname AS schema, r.relname AS name
       FROM emptied e JOIN pg_class r ON r.oid = e.oid JOIN pg_namespace n ON n.oid = r.relnamespace
      ORDER BY 1, 2`,
    [labels],
  );
  if (rows.length === 0) return [];
  await target.query(`TRUNCATE ${rows.map((r) => quoteQualified(r)).join(', ')} CASCADE`);
  return rows.map((r) => formatQualifiedName(r));
}
