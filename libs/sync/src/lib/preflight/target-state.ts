import { ConfitureError } from '@confiture/domain';
import type pg from 'pg';
import type { RecordedPhase, RunRecord } from '../run/state-store';

/** What the target holds before a sync, for the overwrite confirmation. */
export interface TargetState {
  label: string;
  /** User tables in the target (Confiture's own excluded). */
  tables: number;
  /** A previous sync that did not finish. */
  incompleteRun?: { runId: string; phase: RecordedPhase; startedAt: Date };
}

/**
 * Refuses to overwrite a target that holds tables or an unfinished sync unless `confirm` says yes
 * (no `confirm`: refused). Nothing is written either way.
 */
export async function confirmOverwrite(
  target: pg.ClientBase,
  label: string,
  previous: RunRecord | undefined,
  confirm: ((state: TargetState) => Promise<boolean>) | undefined,
): Promise<void> {
  const state = await describeTarget(target, label, previous);
  if (state.tables === 0 && !state.incompleteRun) return;
  if (confirm && (await confirm(state))) return;
  throw new ConfitureError(
    'SYNC_REFUSED',
    `the target ${label} is not empty (${state.tables} tables); nothing was changed`,
    {
      hint: !state.incompleteRun
        ? 'Add --yes to overwrite it.'
        : state.incompleteRun.phase === 'verify'
          ? 'The previous sync failed its verification (the target is not a good copy; --resume refuses it): add --yes to start over.'
          : 'A previous sync did not finish: add --resume to continue it, or --yes to start over.',
    },
  );
}

async function describeTarget(
  target: pg.ClientBase,
  label: string,
  previous: RunRecord | undefined,
): Promise<TargetState> {
  const { rows } = await target.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'confiture')
        AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`,
  );
  return {
    label,
    tables: rows[0]?.n ?? 0,
    ...(previous && previous.status !== 'completed'
      ? {
          incompleteRun: {
            runId: previous.runId,
            phase: previous.phase,
            startedAt: previous.startedAt,
          },
        }
      : {}),
  };
}
