import { ConfitureError } from '@confiture/domain';
import type { Preflight } from '../preflight/preflight';
import { confirmOverwrite } from '../preflight/target-state';
import { planRun, schemaSections, type RunPlan } from '../plan/run-plan';
import { readSchema, type SchemaStatement } from '../schema';
import type { RunContext } from './run-context';
import { StateStore, type RecordedPhase, type RunRecord } from './state-store';

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
  const previous = await store.latestRun<RunPlan>();
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
  await store.ensure();
  const runId = await store.startRun({
    sourceLabel: options.source.label,
    profileSha256: options.profile.sha256,
    plan: runPlan,
  });
  return { store, runId, runPlan, resumed: false, from: 'schema', preData: sections.preData };
}

async function resume(
  run: RunContext,
  preflight: Preflight,
  store: StateStore,
  previous: RunRecord<RunPlan> | undefined,
): Promise<RunStart> {
  const { options } = run;
  if (!previous || previous.status === 'completed' || previous.phase === 'done') {
    throw new ConfitureError(
      'SYNC_REFUSED',
      `there is no unfinished sync to resume in ${options.target.label}`,
      { hint: 'Run the sync without --resume.' },
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
  const { runId, plan: runPlan, phase } = previous;
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
