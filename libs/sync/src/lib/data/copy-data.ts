import {
  ConfitureError,
  formatQualifiedName,
  quoteQualified,
  type CapturedToken,
} from '@confiture/domain';
import {
  compileTableTransform,
  TransformPool,
  type CompiledTableTransform,
  type TableTransformSpec,
} from '@confiture/performance';
import type { HmacBackend } from '@confiture/strategies';
import type pg from 'pg';
import { serverVersionNum } from '../connection';
import type { ChunkRange } from '../plan/chunks';
import type { SyncPlan, TablePlan } from '../plan/plan';
import type { RunPlan } from '../plan/run-plan';
import type { RuleSeeds } from '../preflight/seeds';
import type { SharedSnapshot } from '../preflight/snapshot';
import type { RunContext } from '../run/run-context';
import { chunkKey, StateStore } from '../run/state-store';
import { copyChunk, type BatchTransform } from './copy-chunk';
import { copyFailure } from './copy-failure';
import { defaultTransformThreads, defaultWorkers } from './parallelism';
import { chunkSelect, copyFormat } from './source-select';
import { transformSpec } from './transform-spec';

/** What the data phase needs. */
export interface DataPhaseInput {
  plan: SyncPlan;
  runPlan: RunPlan;
  runId: string;
  seeds: RuleSeeds;
  hmacBackend: HmacBackend;
  /** The source snapshot every worker joins. */
  snapshot: SharedSnapshot;
  /** The target session worker 0 copies on (the other workers open their own). */
  target: pg.Client;
  /** `server_version_num` of the source. */
  sourceServerVersion: number;
  /** Chunks committed by earlier attempts of this run (`chunkKey` → rows): not copied again. */
  finished: ReadonlyMap<string, number>;
}

/** What a table holds after the data phase. */
export interface CopiedTable {
  chunks: number;
  /** Rows copied from the source by this run and its earlier attempts. */
  copiedRows: number;
  /** Time this attempt spent copying it (0 when it had nothing left to copy). */
  durationMs: number;
}

/** What the data phase did. */
export interface DataPhaseResult {
  /** By table label (`schema.table`). */
  tables: Map<string, CopiedTable>;
  /** COPY bytes read from the source by this attempt's committed chunks. */
  bytesRead: number;
}

/** One chunk still to copy. */
interface Job {
  table: TablePlan;
  label: string;
  chunk: ChunkRange;
}

/** What earlier attempts of a run copied, for a run resumed after its data phase. */
export function copiedSoFar(
  runPlan: RunPlan,
  finished: ReadonlyMap<string, number>,
): Map<string, CopiedTable> {
  return new Map(
    runPlan.tables.map((entry) => [
      formatQualifiedName(entry),
      {
        chunks: entry.chunks.length,
        copiedRows: entry.chunks.reduce(
          (n, chunk) => n + (finished.get(chunkKey(entry.schema, entry.name, chunk.index)) ?? 0),
          0,
        ),
        durationMs: 0,
      },
    ]),
  );
}

/**
 * The data phase: every chunk not yet committed streams `COPY TO` → strategies → `COPY FROM`,
 * several at once (biggest tables first), each worker in the shared snapshot. A chunk's rows and
 * its checkpoint commit in the same transaction; token originals are stored before it commits.
 */
export async function copyData(run: RunContext, input: DataPhaseInput): Promise<DataPhaseResult> {
  const { options } = run;
  const { plan, runPlan, runId, finished } = input;
  const byName = new Map(plan.tables.map((t) => [formatQualifiedName(t.name), t]));
  const tables = copiedSoFar(runPlan, finished);
  const jobs: Job[] = [];
  for (const entry of runPlan.tables) {
    const label = formatQualifiedName(entry);
    const table = byName.get(label);
    if (!table) {
      throw new ConfitureError(
        'SYNC_REFUSED',
        `table ${label} of the sync being resumed is gone from the source`,
        { hint: 'Start over without --resume.' },
      );
    }
    for (const chunk of entry.chunks) {
      if (!finished.has(chunkKey(entry.schema, entry.name, chunk.index)))
        jobs.push({ table, label, chunk });
    }
  }
  // Biggest tables first, so the last minutes are not spent on one huge table alone.
  jobs.sort(
    (a, b) => b.table.estimatedRows - a.table.estimatedRows || a.chunk.index - b.chunk.index,
  );
  const sameMajorVersion =
    Math.floor((await serverVersionNum(input.target)) / 10000) ===
    Math.floor(input.sourceServerVersion / 10000);
  const specs = new Map<string, TableTransformSpec | undefined>();
  const specFor = (job: Job) => {
    if (!specs.has(job.label))
      specs.set(job.label, transformSpec(job.table, input.seeds, input.hmacBackend));
    return specs.get(job.label);
  };
  const threads = options.transformThreads ?? defaultTransformThreads();
  const pool =
    threads > 0 && jobs.some((job) => specFor(job) !== undefined)
      ? new TransformPool({ threads })
      : undefined;
  const inline = new Map<string, CompiledTableTransform>();
  const transformFor = (spec: TableTransformSpec, tokens: CapturedToken[]): BatchTransform => {
    const keep = <R extends { tokens: CapturedToken[] }>(result: R) => {
      if (result.tokens.length > 0) tokens.push(...result.tokens);
      return result;
    };
    if (pool) return async (rows) => keep(await pool.run(spec, rows));
    const compiled = inline.get(spec.id) ?? compileTableTransform(spec);
    inline.set(spec.id, compiled);
    return async (rows) => keep(compiled(rows));
  };
  let vault: Promise<pg.Client> | undefined;
  const storeTokens = async (tokens: CapturedToken[]) => {
    if (tokens.length === 0 || !options.recorder) return;
    vault ??= run.connect(options.target, 'target', 'confiture token vault');
    await options.recorder.storeTokens(await vault, tokens);
  };

  const workers = Math.max(
    1,
    Math.min(
      options.workers ?? defaultWorkers(options.profile.performance.parallel_workers),
      jobs.length || 1,
    ),
  );
  const started = new Map<string, number>();
  const remaining = new Map<string, number>();
  for (const job of jobs) remaining.set(job.label, (remaining.get(job.label) ?? 0) + 1);
  let bytesRead = 0;
  let failure: unknown;
  const worker = async (n: number) => {
    const source = await run.connect(options.source, 'source', `confiture sync worker ${n}`);
    await input.snapshot.join(source);
    const sink =
      n === 0
        ? input.target
        : await run.connect(options.target, 'target', `confiture sync worker ${n}`);
    // Checkpoints go through the worker's own connection: same transaction as the chunk's rows.
    const checkpoints = new StateStore(sink);
    for (let job = jobs.shift(); job && failure === undefined; job = jobs.shift()) {
      const { table, label, chunk } = job;
      const copied = tables.get(label) ?? { chunks: 0, copiedRows: 0, durationMs: 0 };
      tables.set(label, copied);
      if (!started.has(label)) {
        started.set(label, Date.now());
        run.emit({
          type: 'table-started',
          table: label,
          estimatedRows: table.estimatedRows,
          chunks: copied.chunks,
          anonymized: table.columns.filter((c) => c.rule && c.rule.type !== 'preserve').length,
        });
      }
      const spec = specFor(job);
      const tokens: CapturedToken[] = [];
      await sink.query('BEGIN');
      try {
        // The chunk and its checkpoint commit together; losing both on a crash is harmless.
        await sink.query('SET LOCAL synchronous_commit = off');
        // A table copied in one chunk is truncated in the chunk's transaction (no row of it is
        // committed yet) so that its rows load frozen and all-visible: its indexes then build
        // faster, and neither VACUUM nor an index-only scan has to visit its pages first.
        const freeze = copied.chunks === 1;
        if (freeze) await sink.query(`TRUNCATE ONLY ${quoteQualified(table.name)}`);
        const result = await copyChunk(source, sink, {
          freeze,
          format: copyFormat(table, sameMajorVersion),
          select: chunkSelect(table, chunk),
          target: table.name,
          columns: table.columns.map((c) => c.name),
          ...(spec ? { transform: transformFor(spec, tokens) } : {}),
          inFlight: pool ? pool.threads + 1 : 1,
          onRows: (rows) => {
            copied.copiedRows += rows;
            run.emit({ type: 'rows-copied', table: label, rows, totalRows: copied.copiedRows });
          },
        });
        await storeTokens(tokens);
        await checkpoints.recordChunk(runId, table.name, chunk.index, result.rows);
        await sink.query('COMMIT');
        bytesRead += result.bytesRead;
      } catch (error) {
        await sink.query('ROLLBACK').catch(() => undefined);
        throw copyFailure(error, label, `chunk ${chunk.index + 1} of ${copied.chunks}`);
      }
      const left = (remaining.get(label) ?? 1) - 1;
      remaining.set(label, left);
      if (left === 0) {
        copied.durationMs = Date.now() - (started.get(label) ?? Date.now());
        run.emit({
          type: 'table-finished',
          table: label,
          rows: copied.copiedRows,
          durationMs: copied.durationMs,
        });
      }
    }
    await source.query('COMMIT').catch(() => undefined);
  };
  try {
    await Promise.all(
      Array.from({ length: workers }, (_, n) =>
        worker(n).catch((error: unknown) => {
          failure ??= error;
        }),
      ),
    );
  } finally {
    await pool?.close().catch(() => undefined);
  }
  if (failure !== undefined) throw failure;
  return { tables, bytesRead };
}
