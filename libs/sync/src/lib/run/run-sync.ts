import { SYNC_PHASES, type SyncPhase, type SyncReport } from '@confiture/domain';
import { copiedSoFar, copyData } from '../data/copy-data';
import { postData } from '../post-data/post-data';
import { createSchema } from '../pre-data/pre-data';
import { preflight, type Preflight } from '../preflight/preflight';
import { sampleRules } from '../preflight/rule-samples';
import { recordRun } from '../record/record';
import { enforceVerification } from '../verify/verdict';
import { verifyRun, type VerifyPhaseResult } from '../verify/verify-run';
import { markFailed } from './failure';
import { plannedTables, syncReport, writtenTables, type ReportParts } from './report';
import { startOrResume, type RunStart } from './resume';
import { RunContext } from './run-context';
import type { SyncOptions } from './sync-options';

/**
 * Copies the source database into the target with every rule of the profile applied, in one
 * consistent snapshot, resumably, then verifies and records it: pre-flight, schema, data,
 * post-data, verify, record (see docs/sync.md). This function composes the phases and owns only
 * what spans them: resuming at the phase a run reached, marking a failed run, closing everything.
 */
export async function runSync(options: SyncOptions): Promise<SyncReport> {
  const run = new RunContext(options);
  try {
    const pre = await run.timed('preflight', async () => {
      const planned = await preflight(run);
      const { plan, catalog, source } = planned;
      const hooked = await options.hooks?.beforeWrite?.({
        profile: options.profile,
        plan,
        catalog,
        source,
      });
      hooked?.warnings?.forEach((w) => run.warn(w));
      return planned;
    });
    if (options.dryRun) {
      const samples = await sampleRules(pre.source, pre.plan, pre.seeds);
      await pre.snapshot.close();
      const tables = plannedTables(pre.plan);
      return syncReport(run, { status: 'dry-run', catalog: pre.catalog, samples, tables });
    }
    const start = await startOrResume(run, pre);
    const recorded = await writeVerifyRecord(run, pre, start).catch(async (error: unknown) => {
      throw await markFailed(start.store, start.runId, options.target.label, error);
    });
    // Complete and recorded: a failed verification fails the sync, but leaves nothing to resume.
    const report = syncReport(run, recorded);
    enforceVerification(report, options.profile);
    return report;
  } finally {
    await options.recorder?.close?.().catch(() => undefined);
    await run.close();
  }
}

/** The phases that write, from the one the run starts (or resumes) at, to the record. */
async function writeVerifyRecord(
  run: RunContext,
  pre: Preflight,
  start: RunStart,
): Promise<ReportParts> {
  const { options } = run;
  const { plan, catalog, source, target, snapshot } = pre;
  const { store, runId, runPlan, resumed } = start;
  if (start.from === 'schema') {
    const { preData } = start;
    await run.timed('schema', () =>
      createSchema(target, { store, runId, preData, recorder: options.recorder }),
    );
  }
  await snapshot.lockTables(plan.tables.filter((t) => !t.excluded).map((t) => t.name));
  const finished = await store.finishedChunks(runId);
  const copied = due(start, 'data')
    ? await run.timed('data', () =>
        copyData(run, {
          ...{ plan, runPlan, runId, finished, snapshot, target },
          ...{ seeds: pre.seeds, hmacBackend: pre.hmacBackend },
          sourceServerVersion: catalog.serverVersion,
        }),
      )
    : { tables: copiedSoFar(runPlan, finished), bytesRead: 0 };
  if (due(start, 'data')) await store.setPhase(runId, 'post-data');
  if (due(start, 'post-data')) {
    await run.timed('post-data', () =>
      postData(run, { plan, runPlan, catalog, source, target, store, runId }),
    );
    await store.setPhase(runId, 'verify');
  }
  const written = writtenTables(plan, copied.tables, await store.orphanCounts(runId));
  const parts = {
    status: 'completed',
    catalog,
    runId,
    resumed,
    bytesRead: copied.bytesRead,
  } as const;
  let verified: VerifyPhaseResult | undefined;
  if (options.verify ?? options.profile.global.verifyAfterSync) {
    const report = syncReport(run, { ...parts, tables: written });
    const afterLoad = { profile: options.profile, plan, catalog, source, target, report };
    verified = await run.timed('verify', () =>
      verifyRun(run, {
        ...{ plan, source, target, tables: written, resumed },
        extraChecks: async () => options.hooks?.afterLoad?.(afterLoad),
      }),
    );
  } else {
    run.warn('verification skipped (--no-verify or verify_after_sync: false)');
  }
  await snapshot.close();
  const tables = written.map((t) => ({ ...t, rows: verified?.rows.get(t.table) ?? t.rows }));
  const verification = verified ? { verification: verified.verification } : {};
  const { auditEntry } = await run.timed('record', () =>
    recordRun({
      ...{ target, store, runId, plan, recorder: options.recorder },
      report: syncReport(run, { ...parts, tables, ...verification }),
    }),
  );
  return { ...parts, tables, ...verification, ...(auditEntry ? { auditEntry } : {}) };
}

/** Whether `phase` is still to do in a run that starts (or resumes) at `start.from`. */
function due(start: RunStart, phase: SyncPhase): boolean {
  return SYNC_PHASES.indexOf(phase) >= SYNC_PHASES.indexOf(start.from);
}
