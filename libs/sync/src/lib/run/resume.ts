import { ConfitureError } from '@confiture/domain';
import type { Preflight } from '../preflight/preflight';
import { confirmOverwrite } from '../preflight/target-state';
import { planRun, schemaSections, type RunPlan } from '../plan/run-plan';
import { readSchema, type SchemaStatement } from '../schema';
import { isRejectedRun } from '../verify/rejected-copy';
import type { RunContext } from './run-context';
import { checkResume, readResumeGuard, type ResumeGuard } from './resume-guard';
import { StateStore, chunkKey, type RecordedPhase, type RunRecord } from './state-store';

/** The plan as a run records it: with what `--resume` checks before going on. */
type RecordedPlan = RunPlan & { resumeGuard?: ResumeGuard };

/** The run a sync begins or continues, as recorded in the target. */
export type RunStart = {
  store: StateStore;
  runId: string;
  /** The recorded plan: the same chunks and post-data steps on every resume. */
  runPlan: RunPlan;
  resumed: boolean;
} & (
  | {
      /** The schema is still to be created, from these statements. */ from: 'schema';
      preData: SchemaStatement[];
    }
  | { /** The first phase still to do. */ from: Exclude<RecordedPhase, 'schema' | 'done'> }
);

/**
 * Begins a fresh run (after the overwrite confirmation: its plan recorded in the target, nothing
 * else written yet), or with `--resume` continues the target's unfinished one at the phase it
 * reached, refusing when the profile or the source changed since.
 */
export async function startOrResume(run: RunContext, preflight: Preflight): Promise<RunStart> {
  const { options } = run;
  const store = new StateStore(preflight.target);
  const previous = await store.latestRun<RecordedPlan>();
  if (options.resume) return resume(run, preflight, store, previous);
  await confirmOverwrite(
    preflight.target,
    options.target.label,
    previous,
    options.confirmOverwrite,
  );
  const sections = schemaSections(
    await readSchema(preflight.source),
    options.profile,
    preflight.catalog,
  );
  const runPlan = await planRun(
    preflight.source,
    preflight.plan,
    sections.postData,
    options.chunkRows,
  );
  const resumeGuard = await readResumeGuard(preflight.source, runPlan.tables, preflight.seeds);
  await store.ensure();
  const runId = await store.startRun({
    sourceLabel: options.source.label,
    profileSha256: options.profile.sha256,
    plan: { ...runPlan, resumeGuard } satisfies RecordedPlan,
  });
  return { store, runId, runPlan, resumed: false, from: 'schema', preData: sections.preData };
}

async function resume(
  run: RunContext,
  preflight: Preflight,
  store: StateStore,
  previous: RunRecord<RecordedPlan> | undefined,
): Promise<RunStart> {
  const { options } = run;
  if (!previous || previous.status === 'completed' || previous.phase === 'done') {
    throw new ConfitureError(
      'SYNC_REFUSED',
      `there is no unfinished sync to resume in ${options.target.label}`,
      { hint: 'Run the sync without --resume.' },
    );
  }
  if (isRejectedRun(previous)) {
    throw new ConfitureError(
      'SYNC_REFUSED',
      `the sync being resumed failed its verification (${previous.error}); there is nothing to continue`,
      {
        hint: 'Fix the profile for the checks that failed and start a fresh sync without --resume.',
      },
    );
  }
  if (previous.profileSha256 !== options.profile.sha256) {
    throw new ConfitureError(
      'SYNC_REFUSED',
      'the profile changed since the sync being resumed started',
      {
        hint: 'Resume with the same profile, or start over without --resume (add --yes to overwrite).',
      },
    );
  }
  if (previous.sourceLabel !== options.source.label) {
    throw new ConfitureError(
      'SYNC_REFUSED',
      `the sync being resumed copied from ${previous.sourceLabel}, not ${options.source.label}`,
      { hint: 'Resume with the same --from, or start over without --resume.' },
    );
  }
  const { runId, phase } = previous;
  const { resumeGuard, ...runPlan } = previous.plan;
  await refuseChangedRun(store, previous, {
    source: preflight.source,
    recorded: resumeGuard,
    seeds: preflight.seeds,
    stillToCopy: await tablesStillToCopy(store, previous.runId, runPlan, phase),
  });
  await store.setPhase(runId, phase);
  run.emit({ type: 'step', description: `resuming run ${runId} at phase ${phase}` });
  const started = { store, runId, runPlan, resumed: true };
  if (phase !== 'schema') return { ...started, from: phase };
  // Interrupted while creating the schema: it is created again, from the source as it is now.
  const { preData } = schemaSections(
    await readSchema(preflight.source),
    options.profile,
    preflight.catalog,
  );
  return { ...started, from: 'schema', preData };
}

/**
 * Refuses, before anything is written, a resume that would not go on writing what the run began
 * (see {@link checkResume}); the run is marked failed with the reason, not left `running`.
 */
async function refuseChangedRun(
  store: StateStore,
  previous: RunRecord<RecordedPlan>,
  input: Parameters<typeof checkResume>[0],
): Promise<void> {
  try {
    await checkResume(input);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await store.fail(previous.runId, `resume refused: ${reason}`).catch(() => undefined);
    throw error;
  }
}

/** The tables of a run with chunks not yet committed (all of them before the data phase). */
async function tablesStillToCopy(
  store: StateStore,
  runId: string,
  runPlan: RunPlan,
  phase: RecordedPhase,
): Promise<RunPlan['tables']> {
  if (phase !== 'schema' && phase !== 'data') return [];
  const finished = await store.finishedChunks(runId);
  return runPlan.tables.filter((t) =>
    t.chunks.some((c) => !finished.has(chunkKey(t.schema, t.name, c.index))),
  );
}
