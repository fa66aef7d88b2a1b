import { formatQualifiedName, type CapturedToken } from '@confiture/domain';
import type { HmacBackend } from '@confiture/strategies';
import type pg from 'pg';
import type { DatabaseCatalog } from '../catalog';
import type { SyncPlan } from '../plan/plan';
import type { RunPlan } from '../plan/run-plan';
import type { RunContext } from '../run/run-context';
import type { StateStore } from '../run/state-store';
import { applySchema, copySequenceValues } from '../schema';
import { serverVersionNum } from '../connection';
import type { RuleSeeds } from '../preflight/seeds';
import { includeParents } from './include-parents';
import { dropOrphans } from './orphans';
import { recordParentCounts } from './parent-counts';

/** What the post-data phase needs. */
export interface PostDataInput {
  plan: SyncPlan;
  runPlan: RunPlan;
  catalog: DatabaseCatalog;
  /** The coordinator (source, in the snapshot): sequence values are read there. */
  source: pg.ClientBase;
  target: pg.ClientBase;
  store: StateStore;
  runId: string;
  /** For rows pulled in by `on_orphans: include_parents`: anonymized as in the data phase. */
  seeds: RuleSeeds;
  hmacBackend: HmacBackend;
}

/**
 * The post-data phase (pg_restore's post-data section): rows whose referenced row was left out go,
 * then keys, indexes, foreign keys (validated as they are created), triggers, rules and policies
 * are added, materialized views refreshed, and sequences set to the source's values. Each step
 * commits with its record, so `--resume` redoes only the steps not recorded.
 */
export async function postData(run: RunContext, input: PostDataInput): Promise<void> {
  const { target, store, runId } = input;
  const done = await store.finishedSteps(runId);
  const step = async (index: number, description: string, work: () => Promise<void>) => {
    if (done.has(index)) return;
    run.emit({ type: 'step', description });
    await target.query('BEGIN');
    try {
      // As for chunks: the step and its record commit together, so a crash loses both or
      // neither and --resume redoes the step. Not waiting for the flush saves about 15 ms per
      // step after an index build; the run's completion, later, is committed durably.
      await target.query('SET LOCAL synchronous_commit = off');
      await work();
      await store.recordStep(runId, index, description);
      await target.query('COMMIT');
    } catch (error) {
      await target.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  };
  // Step 0: rows whose referenced row was left out go before the foreign keys are created.
  const reduced = new Set(
    input.plan.tables
      .filter((t) => t.excluded || t.filter !== undefined || t.sample !== undefined)
      .map((t) => formatQualifiedName(t.name)),
  );
  await step(0, 'remove rows whose referenced rows were not copied', async () => {
    // on_orphans: include_parents first adds the referenced rows that were left out.
    const parents = await includeParents({
      ...input,
      sameMajorVersion:
        Math.floor((await serverVersionNum(target)) / 10000) ===
        Math.floor(input.catalog.serverVersion / 10000),
      storeTokens: tokenStore(run),
    });
    await recordParentCounts(target, runId, parents);
    await store.recordOrphans(runId, await dropOrphans(target, input.catalog, reduced));
  });
  for (const [index, statement] of input.runPlan.postData.entries()) {
    await step(index + 1, `${statement.kind} ${statement.object}`, () =>
      applySchema(target, [statement]),
    );
  }
  await step(input.runPlan.postData.length + 1, 'set sequences to the source values', async () => {
    await copySequenceValues(input.source, target);
  });
}

/** Stores token originals through the recorder, on a session of its own (as the data phase does). */
function tokenStore(run: RunContext): (tokens: CapturedToken[]) => Promise<void> {
  let vault: Promise<pg.Client> | undefined;
  return async (tokens) => {
    const { recorder, target } = run.options;
    if (tokens.length === 0 || !recorder) return;
    vault ??= run.connect(target, 'target', 'confiture token vault');
    await recorder.storeTokens(await vault, tokens);
  };
}
