import type {
  ConnectionConfig,
  Profile,
  SyncPhase,
  SyncReport,
  VerificationCheck,
} from '@confiture/domain';
import type pg from 'pg';
import type { DatabaseCatalog } from '../catalog';
import type { SyncPlan } from '../plan/plan';

/**
 * Where a phase hook runs: before or after one of the sync's phases (as pg_restore's sections
 * and Greenmask's `RunScripts(section, when)`). A phase that a resumed run skips runs no hooks.
 */
export type HookPoint = `${'before' | 'after'}:${SyncPhase}`;

/** What a hook before pre-flight sees: the sync as asked for; nothing is connected yet. */
export interface SyncStart {
  profile: Profile;
  source: ConnectionConfig;
  target: ConnectionConfig;
  dryRun: boolean;
  resume: boolean;
}

/**
 * What every later hook sees: the sync as pre-flight planned it. Nothing is written to the target
 * before the `after:preflight` hooks have returned.
 */
export interface PlannedSync {
  profile: Profile;
  plan: SyncPlan;
  /** The source's tables, read in the snapshot. */
  catalog: DatabaseCatalog;
  /** A read-only source session inside the sync's snapshot (never end its transaction). */
  source: pg.ClientBase;
  /** The sync's target session (between phases, outside any transaction). */
  target: pg.ClientBase;
  dryRun: boolean;
}

/** What a hook at `P` sees. */
export type HookContext<P extends HookPoint> = P extends 'before:preflight'
  ? SyncStart
  : PlannedSync;

/** What a phase hook may return: warnings for the report. */
export type HookResult = { warnings?: string[] } | void;

/**
 * Code run at one {@link HookPoint}. To stop the sync it throws (a ConfitureError says why):
 * up to `after:preflight` nothing was written and the sync is refused; later, the run fails and
 * the target is left incomplete, to be resumed.
 */
export type PhaseHook = {
  [P in HookPoint]: {
    name: string;
    at: P;
    run(context: HookContext<P>): Promise<HookResult> | HookResult;
  };
}[HookPoint];

/**
 * Verification checks another library adds (governance's PII pattern scan and validators): run in
 * the verify phase beside the sync's own value checks, on the sync's target session; reported
 * after them, and recorded with them in the audit entry. A failed check fails the verification.
 */
export interface CheckHook {
  name: string;
  at: 'verify';
  run(context: PlannedSync): Promise<{ checks: VerificationCheck[]; warnings?: string[] }>;
}

/** How a sync ended: its report, or the error it ends with. */
export type SyncOutcome = { report: SyncReport } | { error: unknown };

/**
 * Runs once the sync has ended, whatever happened (a refusal, a failure, success), while its
 * sessions are still open. Every cleanup hook runs; a failing one fails a sync that had succeeded.
 */
export interface CleanupHook {
  name: string;
  at: 'cleanup';
  run(outcome: SyncOutcome): Promise<void> | void;
}

/** A hook of a sync; other libraries take part in a sync through a list of them. */
export type SyncHook = PhaseHook | CheckHook | CleanupHook;

/** Runs a sync's hooks at their points. */
export class SyncHooks {
  constructor(
    private readonly hooks: readonly SyncHook[],
    private readonly warn: (message: string) => void,
  ) {}

  /** Runs the hooks at `point` in order, adding their warnings to the report. */
  async at<P extends HookPoint>(point: P, context: HookContext<P>): Promise<void> {
    for (const hook of this.hooks) {
      if (hook.at !== point) continue;
      const run = hook.run as (context: HookContext<P>) => Promise<HookResult> | HookResult;
      const result = await run(context);
      result?.warnings?.forEach((w) => this.warn(w));
    }
  }

  /** The checks of every check hook, in order (their warnings added to the report). */
  async checks(context: PlannedSync): Promise<VerificationCheck[]> {
    const checks: VerificationCheck[] = [];
    for (const hook of this.hooks) {
      if (hook.at !== 'verify') continue;
      const result = await hook.run(context);
      result.warnings?.forEach((w) => this.warn(w));
      checks.push(...result.checks);
    }
    return checks;
  }

  /** Runs every cleanup hook; returns the first error one of them threw. */
  async cleanup(outcome: SyncOutcome): Promise<unknown> {
    let first: unknown;
    for (const hook of this.hooks) {
      if (hook.at !== 'cleanup') continue;
      try {
        await hook.run(outcome);
      } catch (error) {
        first ??= error;
      }
    }
    return first;
  }
}
