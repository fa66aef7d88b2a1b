import type { TableReport, VerificationCheck, VerificationResult } from '@confiture/domain';
import type pg from 'pg';
import type { SyncPlan } from '../plan/plan';
import type { RunContext } from '../run/run-context';
import { checkForeignKeys } from './foreign-keys';
import { checkNoSourceValues } from './no-source-values';
import { checkRowCounts } from './row-counts';

/** What the verify phase needs. */
export interface VerifyPhaseInput {
  plan: SyncPlan;
  /** The coordinator: the source as of the snapshot. */
  source: pg.ClientBase;
  target: pg.ClientBase;
  /** What the sync wrote to each table. */
  tables: readonly TableReport[];
  resumed: boolean;
  /** Checks other libraries add (the check hooks), run beside the value checks. */
  extraChecks: () => Promise<VerificationCheck[]>;
}

/** The verification, and the rows each table of the target has (by label). */
export interface VerifyPhaseResult {
  verification: VerificationResult;
  rows: Map<string, number>;
}

/**
 * The verify phase: row counts, then no source value of an anonymized column in the target beside
 * the extra checks (the value checks mostly wait for the servers' sorts, the pattern scan mostly
 * runs here, so they run at the same time, the value checks on a target connection of their own),
 * then foreign keys. Checks are reported in that order, the extra ones last.
 */
export async function verifyRun(
  run: RunContext,
  input: VerifyPhaseInput,
): Promise<VerifyPhaseResult> {
  const { plan, source, target } = input;
  const counted = await checkRowCounts(source, target, plan, {
    reading: input.resumed ? 'resumed' : 'snapshot',
    written: new Map(input.tables.map((t) => [t.table, t])),
  });
  const checkTarget = await run.connect(run.options.target, 'target', 'confiture sync verify');
  const [noSourceValues, extra] = await settled(
    checkNoSourceValues(source, checkTarget, plan),
    input.extraChecks(),
  ).finally(() => checkTarget.end().catch(() => undefined));
  const foreignKeys = await checkForeignKeys(target);
  const checks = [...counted.checks, ...noSourceValues, foreignKeys, ...extra];
  return {
    verification: { passed: !checks.some((c) => c.status === 'failed'), checks },
    rows: counted.rows,
  };
}

/** Both results once both have settled (neither left running on a connection); else the first error. */
async function settled<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'rejected') throw ra.reason;
  if (rb.status === 'rejected') throw rb.reason;
  return [ra.value, rb.value];
}
