import { SYNC_PHASES, type SyncPhase, type SyncReport } from '@confiture/domain';
import { copiedSoFar, copyData } from '../data/copy-data';
import { parentCounts } from '../post-data/parent-counts';
import { postData } from '../post-data/post-data';
import { createSchema } from '../pre-data/pre-data';
import { preflight, type Preflight } from '../preflight/preflight';
import { sampleRules } from '../preflight/rule-samples';
import { recordRun } from '../record/record';
import { rejectCopy } from '../verify/rejected-copy';
import { verificationFailure } from '../verify/verdict';
import { verifyRun } from '../verify/verify-run';
import { markFailed } from './failure';
import { SyncHooks, type PlannedSync, type SyncOutcome } from './hooks';
import { plannedTables, syncReport, writtenTables, type ReportParts } from './report';
import { startOrResume, type RunStart } from './resume';
import { RunContext } from './run-context';
import type { SyncOptions } from './sync-options';
import { lockTarget } from './target-lock';

/**
 * Copies the source database into the target with every rule of the profile applied, in one
 * consistent snapshot, resumably, then verifies and records it: pre-flight, schema, data,
 * post-data, verify, record (see docs/sync.md), each with hooks before and after. This function
 * composes the phases and owns only what spans them: resuming at the phase a run reached, marking
 * a failed run, and the cleanup (hooks, recorder, connections) that follows whatever happened.
 */
export async function runSync(options: SyncOptions): Promise<SyncReport> {
  const run = new RunContext(options);
  const hooks = new SyncHooks(options.hooks ?? [], (w) => run.warn(w));
  const outcome: SyncOutcome = await execute(run, hooks).then(
    (report) => ({ report }),
    (error: unknown) => ({ error }),
  );
  try {
    const failedCleanup = await hooks.cleanup(outcome);
    if ('error' in outcome) throw outcome.error;
    if (failedCleanup !== undefined) throw failedCleanup;
    return outcome.report;
  } finally {
    await options.recorder?.close?.().catch(() => undefined);
    await run.close();
  }
}

/** The phases in order: pre-flight, then (unless a dry run) the ones that write, resumably. */
async function execute(run: RunContext, hooks: SyncHooks): Promise<SyncReport> {
  const { options } = run;
  const dryRun = options.dryRun ?? false;
  // One sync at a time into a target, refused before anything is read or written.
  if (!dryRun && !options.target.readonly) await lockTarget(run);
  const pre = await run.timed('preflight', async () => {
    const { profile, source, target } = options;
    await hooks.at('before:preflight', {
      profile,
      source,
      target,
      dryRun,
      resume: !!options.resume,
    });
    const planned = await preflight(run);
    await hooks.at('after:preflight', plannedSync(run, planned));
    return planned;
  });
  if (dryRun) {
    const shown = options.showSampleValues ? 'raw' : 'masked';
    const samples = await sampleRules(pre.source, pre.plan, pre.seeds, shown);
    await pre.snapshot.close();
    const tables = plannedTables(pre.plan);
    return syncReport(run, { status: 'dry-run', catalog: pre.catalog, samples, tables });
  }
  const start = await startOrResume(run, pre);
  const recorded = await writeVerifyRecord(run, hooks, pre, start).catch(async (error: unknown) => {
    const reconnect = () => run.connect(options.target, 'target', 'confiture sync (failure)');
    const recovery = { session: pre.target, reconnect };
    throw await markFailed(start.store, start.runId, options.target.label, error, recovery);
  });
  return syncReport(run, recorded);
}

/** The phases that write, from the one the run starts (or resumes) at, to the record. */
async function writeVerifyRecord(
  run: RunContext,
  hooks: SyncHooks,
  pre: Preflight,
  start: RunStart,
): Promise<ReportParts> {
  const { options } = run;
  const { plan, catalog, source, target, snapshot } = pre;
  const { store, runId, runPlan, resumed } = start;
  const planned = plannedSync(run, pre);
  /** Runs a phase between its hooks. */
  const phase = <T>(name: Exclude<SyncPhase, 'preflight'>, work: () => Promise<T>) =>
    run.timed(name, async () => {
      await hooks.at(`before:${name}`, planned);
      const result = await work();
      await hooks.at(`after:${name}`, planned);
      return result;
    });

  if (start.from === 'schema') {
    const { preData } = start;
    const { recorder } = options;
    await phase('schema', () => createSchema(target, { store, runId, preData, recorder }));
  }
  await snapshot.lockTables(plan.tables.filter((t) => !t.excluded).map((t) => t.name));
  const finished = await store.finishedChunks(runId);
  const { seeds, hmacBackend } = pre;
  const sourceServerVersion = catalog.serverVersion;
  const data = { plan, runPlan, runId, finished, snapshot, target, seeds, hmacBackend };
  const copied = due(start, 'data')
    ? await phase('data', () => copyData(run, { ...data, sourceServerVersion }))
    : { tables: copiedSoFar(runPlan, finished), bytesRead: 0 };
  if (due(start, 'data')) await store.setPhase(runId, 'post-data');
  if (due(start, 'post-data')) {
    const input = { plan, runPlan, catalog, source, target, store, runId, seeds, hmacBackend };
    await phase('post-data', () => postData(run, input));
    await store.setPhase(runId, 'verify');
  }
  const orphans = await store.orphanCounts(runId);
  const written = writtenTables(plan, copied.tables, orphans, await parentCounts(target, runId));
  const verify = options.verify ?? options.profile.global.verifyAfterSync;
  if (!verify) run.warn('verification skipped (--no-verify or verify_after_sync: false)');
  const extraChecks = () => hooks.checks(planned);
  const checked = { plan, source, target, tables: written, resumed, extraChecks };
  const verified = verify ? await phase('verify', () => verifyRun(run, checked)) : undefined;
  await snapshot.close();
  const parts = {
    status: 'completed',
    catalog,
    runId,
    resumed,
    bytesRead: copied.bytesRead,
  } as const;
  const tables = written.map((t) => ({ ...t, rows: verified?.rows.get(t.table) ?? t.rows }));
  const verification = verified ? { verification: verified.verification } : {};
  const report = syncReport(run, { ...parts, tables, ...verification });
  const failure = verificationFailure(report, options.profile);
  const { auditEntry } = await phase('record', () =>
    recordRun({
      target,
      store,
      runId,
      plan,
      report,
      recorder: options.recorder,
      failedVerification: failure !== undefined,
    }),
  );
  // Never a good copy: marked failed, leaking rows removed (its hint names no --resume to add).
  if (failure)
    throw await rejectCopy({ target, store, runId, profile: options.profile, report, failure });
  return { ...parts, tables, ...verification, ...(auditEntry ? { auditEntry } : {}) };
}

/** What hooks see of a planned run. */
function plannedSync(run: RunContext, pre: Preflight): PlannedSync {
  const { plan, catalog, source, target } = pre;
  return {
    profile: run.options.profile,
    plan,
    catalog,
    source,
    target,
    dryRun: !!run.options.dryRun,
  };
}

/** Whether `phase` is still to do in a run that starts (or resumes) at `start.from`. */
function due(start: RunStart, phase: SyncPhase): boolean {
  return SYNC_PHASES.indexOf(phase) >= SYNC_PHASES.indexOf(start.from);
}
