import { randomBytes } from 'node:crypto';
import {
  ConfitureError,
  effectiveSeedSource,
  formatQualifiedName,
  isConfitureError,
  literalSeedWarnings,
  quoteIdent,
  quoteQualified,
  readSeed,
  type CapturedToken,
  type ConnectionConfig,
  type Profile,
  type RecordedColumn,
  type ResolvedRule,
  type RuleSample,
  type SyncEvent,
  type SyncPhase,
  type SyncRecorder,
  type SyncReport,
  type TableReport,
  type VerificationCheck,
  type VerificationResult,
  usesTokenize,
} from '@confiture/domain';
import {
  compileTableTransform,
  decodeCopyField,
  encodeCopyField,
  TransformPool,
  type TableTransformSpec,
} from '@confiture/performance';
import {
  contractOf,
  findStrategy,
  useHmacBackend,
  type HmacBackend,
  type HmacBackendChoice,
} from '@confiture/strategies';
import type pg from 'pg';
import { findTable, readCatalog, type DatabaseCatalog } from '../catalog';
import { planChunks, DEFAULT_CHUNK_ROWS, type ChunkRange } from '../plan/chunks';
import { openConnection, serverVersionNum } from '../connection';
import { copyChunk, type BatchTransform } from '../data/copy-chunk';
import { dropOrphans } from '../post-data/orphans';
import { defaultTransformThreads, defaultWorkers } from '../data/parallelism';
import {
  columnInfo,
  planSync,
  ruleAppliedInStream,
  type SyncPlan,
  type TablePlan,
} from '../plan/plan';
import {
  applySchema,
  copySequenceValues,
  dropUserSchemas,
  readSchema,
  type SchemaStatement,
} from '../schema';
import { SharedSnapshot } from '../preflight/snapshot';
import { chunkSelect, copyFormat, needsSingleChunk } from '../data/source-select';
import { chunkKey, StateStore, type RecordedPhase } from './state-store';
import { checkNoSourceValues, countRows, foreignKeyStatus } from '../verify/no-source-values';

/** What the target holds before a sync, for the overwrite confirmation. */
export interface TargetState {
  label: string;
  /** User tables in the target (Confiture's own excluded). */
  tables: number;
  /** A previous sync that did not finish. */
  incompleteRun?: { runId: string; phase: RecordedPhase; startedAt: Date };
}

/** Context handed to hooks before anything is written. */
export interface BeforeWriteContext {
  profile: Profile;
  plan: SyncPlan;
  catalog: DatabaseCatalog;
  /** Read-only source session inside the sync's snapshot. */
  source: pg.ClientBase;
}

/** Context handed to hooks after the data is in the target. */
export interface AfterLoadContext extends BeforeWriteContext {
  target: pg.ClientBase;
  report: SyncReport;
}

/** Extension points for governance (detection, validators, extra verification). */
export interface SyncHooks {
  /** Runs after planning, before any write; throw a ConfitureError to stop. Returns warnings. */
  beforeWrite?(context: BeforeWriteContext): Promise<{ warnings?: string[] } | void>;
  /** Runs after the data and constraints are in the target; returns extra verification checks. */
  afterLoad?(
    context: AfterLoadContext,
  ): Promise<{ checks?: VerificationCheck[]; warnings?: string[] } | void>;
}

/** Options of {@link runSync}. */
export interface SyncOptions {
  source: ConnectionConfig;
  target: ConnectionConfig;
  profile: Profile;
  /** Where seed variables are read from (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Tables and chunks copied at once (default: the profile's performance.parallel_workers, at
   * most the cores less one; see {@link defaultWorkers}).
   */
  workers?: number;
  /** Worker threads for CPU-bound strategies; 0 runs them on the main thread (default: cores − 2, at most 4). */
  transformThreads?: number;
  /** Rows per chunk of large tables (default {@link DEFAULT_CHUNK_ROWS}). */
  chunkRows?: number;
  /** Stop after the plan, showing a before/after sample of every rule. */
  dryRun?: boolean;
  /** Continue the last unfinished sync into this target. */
  resume?: boolean;
  /** Verify after the copy (default: the profile's verify_after_sync). */
  verify?: boolean;
  /** `--tables`: copy rows only for these tables. */
  onlyTables?: readonly string[];
  /**
   * What the strategies hash HMAC batches with (default `auto`: the fastest that loads here); the
   * CLI reads it from CONFITURE_HMAC. A backend that does not load is refused in pre-flight.
   */
  hmacBackend?: HmacBackendChoice;
  /** Asked before a non-empty target is overwritten; without it, such a sync is refused. */
  confirmOverwrite?: (state: TargetState) => Promise<boolean>;
  onEvent?: (event: SyncEvent) => void;
  hooks?: SyncHooks;
  recorder?: SyncRecorder<pg.ClientBase>;
}

/** What the run record keeps so that `--resume` repeats exactly the same work. */
interface RunPlan {
  tables: { schema: string; name: string; chunks: ChunkRange[] }[];
  postData: SchemaStatement[];
}

const SAMPLE_ROWS = 3;

/**
 * Copies the source database into the target with every rule of the profile applied, in one
 * consistent snapshot, resumably, then verifies and records it. See docs/sync.md.
 */
export async function runSync(options: SyncOptions): Promise<SyncReport> {
  return new SyncRun(options).run();
}

class SyncRun {
  private readonly started = new Date();
  private readonly warnings: string[] = [];
  private readonly phases: Partial<Record<SyncPhase, number>> = {};
  private readonly emit: (event: SyncEvent) => void;
  private readonly clients: pg.Client[] = [];
  private pool?: TransformPool;
  /** The recorder's session for token originals, opened with the first tokens. */
  private vault?: Promise<pg.Client>;
  private runId?: string;
  private store?: StateStore;
  private completed = false;
  /** COPY bytes read from the source by this run's committed chunks. */
  private bytesRead = 0;

  constructor(private readonly options: SyncOptions) {
    this.emit = options.onEvent ?? (() => undefined);
  }

  async run(): Promise<SyncReport> {
    const { options } = this;
    try {
      return await this.execute();
    } catch (error) {
      // A run that completed (all data in, recorded) and then failed verification is not incomplete.
      if (this.runId && this.store && !this.completed) {
        const reason = error instanceof Error ? error.message : String(error);
        await this.store.fail(this.runId, reason).catch(() => undefined);
        if (isConfitureError(error) && !error.hint?.includes('--resume')) {
          throw new ConfitureError(error.code, error.message, {
            ...error.location,
            details: error.details,
            cause: error,
            hint: `${error.hint ? `${error.hint} ` : ''}The target ${options.target.label} is incomplete; run again with --resume to continue.`,
          });
        }
        if (!isConfitureError(error)) {
          throw new ConfitureError('SYNC_FAILED', reason, {
            cause: error,
            hint: `The target ${options.target.label} is incomplete; run again with --resume to continue.`,
          });
        }
      }
      throw error;
    } finally {
      await this.pool?.close().catch(() => undefined);
      await this.options.recorder?.close?.().catch(() => undefined);
      await Promise.all(this.clients.map((c) => c.end().catch(() => undefined)));
    }
  }

  private async connect(
    config: ConnectionConfig,
    role: 'source' | 'target',
    name: string,
  ): Promise<pg.Client> {
    const client = await openConnection(config, { role, applicationName: name });
    this.clients.push(client);
    return client;
  }

  private async timed<T>(phase: SyncPhase, work: () => Promise<T>, detail?: string): Promise<T> {
    const start = Date.now();
    this.emit({ type: 'phase-started', phase, ...(detail ? { detail } : {}) });
    const result = await work();
    const durationMs = Date.now() - start;
    this.phases[phase] = (this.phases[phase] ?? 0) + durationMs;
    this.emit({ type: 'phase-finished', phase, durationMs });
    return result;
  }

  private warn(message: string): void {
    this.warnings.push(message);
    this.emit({ type: 'warning', message });
  }

  private async execute(): Promise<SyncReport> {
    const { options } = this;
    const { profile } = options;
    const marker = `confiture-sync-${randomBytes(6).toString('hex')}`;

    // 1. Pre-flight: both sides, same-database guard, snapshot, plan, seeds, hooks.
    const { coordinator, target, snapshot, catalog, plan, seeds, hmac } = await this.timed(
      'preflight',
      async () => {
        if (options.target.readonly) {
          throw new ConfitureError(
            'SYNC_REFUSED',
            `the target ${options.target.label} is marked readonly`,
            {
              ...(options.target.file ? { file: options.target.file } : {}),
              hint: 'A sync overwrites its target: choose another target, or set readonly: false in its environment file.',
            },
          );
        }
        const coordinator = await this.connect(options.source, 'source', marker);
        const target = await this.connect(options.target, 'target', 'confiture sync (target)');
        await refuseSameDatabase(target, marker, options);
        const snapshot = await SharedSnapshot.open(coordinator);
        const catalog = await readCatalog(coordinator);
        const plan = planSync(profile, catalog, {
          ...(options.onlyTables ? { onlyTables: options.onlyTables } : {}),
        });
        plan.warnings.forEach((w) => this.warn(w));
        const seeds = resolveSeeds(plan, profile, options.env ?? process.env);
        // A backend that does not load is said here, before anything is written, not by the first batch.
        const hmac = useHmacBackend(options.hmacBackend ?? 'auto');
        literalSeedWarnings(profile, options.source).forEach((w) => this.warn(w));
        if (
          !options.recorder &&
          plan.tables.some((t) => !t.excluded && t.columns.some((c) => usesTokenize(c.rule)))
        ) {
          throw new ConfitureError(
            'PLAN_INVALID',
            'tokenize rules need the token vault, and none is configured',
            {
              hint: 'Run the sync through the confiture CLI, which stores token originals encrypted in the target.',
            },
          );
        }
        const hookResult = await options.hooks?.beforeWrite?.({
          profile,
          plan,
          catalog,
          source: coordinator,
        });
        hookResult?.warnings?.forEach((w) => this.warn(w));
        return { coordinator, target, snapshot, catalog, plan, seeds, hmac };
      },
    );

    if (options.dryRun) {
      const samples = await sampleRules(coordinator, plan, seeds);
      await snapshot.close();
      return this.report({
        status: 'dry-run',
        catalog,
        plan,
        samples,
        tables: plannedTables(plan),
      });
    }

    // 2. Decide between a fresh run and a resumed one.
    const store = new StateStore(target);
    this.store = store;
    const previous = await store.latestRun<RunPlan>();
    let runPlan: RunPlan;
    let phase: RecordedPhase;
    let resumed = false;
    if (options.resume) {
      if (!previous || previous.status === 'completed') {
        throw new ConfitureError(
          'SYNC_REFUSED',
          `there is no unfinished sync to resume in ${options.target.label}`,
          {
            hint: 'Run the sync without --resume.',
          },
        );
      }
      if (previous.profileSha256 !== profile.sha256) {
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
          {
            hint: 'Resume with the same --from, or start over without --resume.',
          },
        );
      }
      this.runId = previous.runId;
      runPlan = previous.plan;
      phase = previous.phase;
      resumed = true;
      await store.setPhase(previous.runId, phase);
      this.emit({ type: 'step', description: `resuming run ${previous.runId} at phase ${phase}` });
    } else {
      const state = await describeTarget(target, options.target.label, previous);
      if (state.tables > 0 || state.incompleteRun) {
        const ok = options.confirmOverwrite ? await options.confirmOverwrite(state) : false;
        if (!ok) {
          throw new ConfitureError(
            'SYNC_REFUSED',
            `the target ${options.target.label} is not empty (${state.tables} tables); nothing was changed`,
            {
              hint: state.incompleteRun
                ? 'A previous sync did not finish: add --resume to continue it, or --yes to start over.'
                : 'Add --yes to overwrite it.',
            },
          );
        }
      }
      const statements = await readSchema(coordinator);
      const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
      const tables: RunPlan['tables'] = [];
      for (const table of plan.tables) {
        if (table.excluded) continue;
        const chunks = needsSingleChunk(table)
          ? [{ index: 0 }]
          : await planChunks(
              coordinator,
              table.name,
              table.chunkKey,
              table.estimatedRows,
              chunkRows,
            );
        tables.push({ schema: table.name.schema, name: table.name.name, chunks });
      }
      // With disable_indexes: false, keys and indexes of tables are built before loading.
      const early = (statement: SchemaStatement) =>
        !profile.performance.disable_indexes &&
        statement.phase === 'post-data' &&
        INDEX_KINDS.has(statement.kind) &&
        statement.table !== undefined &&
        findTable(catalog, statement.table) !== undefined;
      runPlan = {
        tables,
        postData: statements.filter((s) => s.phase === 'post-data' && !early(s)),
      };
      await dropUserSchemas(target);
      await store.ensure();
      await options.recorder?.prepare(target);
      this.runId = await store.startRun({
        sourceLabel: options.source.label,
        profileSha256: profile.sha256,
        plan: runPlan,
      });
      phase = 'schema';
      // 3. Schema (pre-data, plus indexes when they are built before loading): one transaction.
      await this.timed('schema', async () => {
        const preData = statements.filter((s) => s.phase === 'pre-data' || early(s));
        await target.query('BEGIN');
        await applySchema(target, preData);
        await store.setPhase(this.runId!, 'data');
        await target.query('COMMIT');
      });
      phase = 'data';
    }
    const runId = this.runId!;
    await snapshot.lockTables(plan.tables.filter((t) => !t.excluded).map((t) => t.name));

    // 4. Data.
    const tableReports = plannedTables(plan);
    const copied = await store.finishedChunks(runId);
    if (phase === 'data') {
      await this.timed('data', () =>
        this.copyData(plan, runPlan, seeds, hmac, snapshot, target, copied, tableReports, catalog),
      );
      await store.setPhase(runId, 'post-data');
      phase = 'post-data';
    } else {
      fillCopiedRows(tableReports, runPlan, copied);
    }

    // 5. Post-data: orphans, constraints, indexes, triggers, sequences; each step recorded.
    if (phase === 'post-data') {
      await this.timed('post-data', () =>
        this.postData(plan, runPlan, catalog, coordinator, target, runId),
      );
      await store.setPhase(runId, 'verify');
      phase = 'verify';
    }

    const orphans = await store.orphanCounts(runId);
    for (const report of tableReports) {
      report.orphansDropped = orphans.get(report.table) ?? 0;
      // What the sync wrote; verification replaces it with a count of the target's rows.
      report.rows = report.excluded ? 0 : report.copiedRows - report.orphansDropped;
    }

    // 6. Verify.
    const report = this.report({
      status: 'completed',
      catalog,
      plan,
      tables: tableReports,
      runId,
      resumed,
    });
    const verify = options.verify ?? profile.global.verifyAfterSync;
    if (verify) {
      report.verification = await this.timed('verify', () =>
        this.verify(plan, catalog, coordinator, target, tableReports, report, resumed),
      );
    } else {
      this.warn('verification skipped (--no-verify or verify_after_sync: false)');
    }
    await snapshot.close();

    // 7. Record: lineage and the signed audit entry, then the run is complete. (A crash in
    // between is resumed at verify, and the recorder does not record a run twice.)
    await this.timed('record', async () => {
      report.finishedAt = new Date().toISOString();
      const recorded = await options.recorder?.record(
        target,
        report,
        recordedColumns(plan, tableReports),
      );
      if (recorded?.auditEntry) report.auditEntry = recorded.auditEntry;
      await store.complete(runId);
      this.completed = true;
    });
    const finished = new Date();
    report.finishedAt = finished.toISOString();
    report.durationMs = finished.getTime() - this.started.getTime();
    report.phases = { ...this.phases };
    report.warnings = [...this.warnings];

    const failed = report.verification?.checks.filter((c) => c.status === 'failed') ?? [];
    const leaks = failed.filter((c) => c.name !== 'row-counts');
    if (failed.length > 0 && (profile.global.failOnPiiLeak || leaks.length < failed.length)) {
      throw new ConfitureError(
        'VERIFICATION_FAILED',
        `verification failed: ${failed.length} check(s) did not pass`,
        {
          details: failed.map(
            (c) =>
              new ConfitureError('VERIFICATION_FAILED', c.detail, {
                ...(c.table ? { table: c.table } : {}),
                ...(c.column ? { column: c.column } : {}),
              }),
          ),
          hint: 'Fix the profile for the columns named above and sync again. The audit log records this failed verification.',
        },
      );
    }
    return report;
  }

  private async copyData(
    plan: SyncPlan,
    runPlan: RunPlan,
    seeds: Map<string, string>,
    hmac: HmacBackend,
    snapshot: SharedSnapshot,
    target: pg.Client,
    copied: Map<string, number>,
    tableReports: TableReport[],
    catalog: DatabaseCatalog,
  ): Promise<void> {
    const { options } = this;
    const sameMajorVersion =
      Math.floor((await serverVersionNum(target)) / 10000) ===
      Math.floor(catalog.serverVersion / 10000);
    const byName = new Map(plan.tables.map((t) => [formatQualifiedName(t.name), t]));
    const reports = new Map(tableReports.map((r) => [r.table, r]));
    interface Job {
      table: TablePlan;
      chunk: ChunkRange;
      report: TableReport;
    }
    const jobs: Job[] = [];
    for (const entry of runPlan.tables) {
      const name = formatQualifiedName(entry);
      const table = byName.get(name);
      const report = reports.get(name);
      if (!table || !report) {
        throw new ConfitureError(
          'SYNC_REFUSED',
          `table ${name} of the sync being resumed is gone from the source`,
          {
            hint: 'Start over without --resume.',
          },
        );
      }
      report.chunks = entry.chunks.length;
      for (const chunk of entry.chunks) {
        const done = copied.get(chunkKey(entry.schema, entry.name, chunk.index));
        if (done !== undefined) report.copiedRows += done;
        else jobs.push({ table, chunk, report });
      }
    }
    // Biggest tables first, so the last minutes are not spent on one huge table alone.
    jobs.sort(
      (a, b) => b.table.estimatedRows - a.table.estimatedRows || a.chunk.index - b.chunk.index,
    );
    const specs = new Map<string, TableTransformSpec | undefined>();
    const specFor = (table: TablePlan) => {
      const key = formatQualifiedName(table.name);
      if (!specs.has(key)) specs.set(key, transformSpec(table, seeds, hmac));
      return specs.get(key);
    };
    const needsTransform = jobs.some((job) => specFor(job.table) !== undefined);
    const threads = options.transformThreads ?? defaultTransformThreads();
    if (needsTransform && threads > 0) this.pool = new TransformPool({ threads });
    const inline = new Map<string, ReturnType<typeof compileTableTransform>>();

    const workers = Math.max(
      1,
      Math.min(
        options.workers ?? defaultWorkers(options.profile.performance.parallel_workers),
        jobs.length || 1,
      ),
    );
    const started = new Map<string, number>();
    const remaining = new Map<string, number>();
    for (const job of jobs)
      remaining.set(job.report.table, (remaining.get(job.report.table) ?? 0) + 1);
    let failure: unknown;
    const worker = async (n: number) => {
      const source = await this.connect(options.source, 'source', `confiture sync worker ${n}`);
      await snapshot.join(source);
      const sink =
        n === 0
          ? target
          : await this.connect(options.target, 'target', `confiture sync worker ${n}`);
      // Checkpoints go through the worker's own connection: same transaction as the chunk's rows.
      const checkpoints = new StateStore(sink);
      for (let job = jobs.shift(); job && failure === undefined; job = jobs.shift()) {
        const { table, chunk, report } = job;
        if (!started.has(report.table)) {
          started.set(report.table, Date.now());
          this.emit({
            type: 'table-started',
            table: report.table,
            estimatedRows: table.estimatedRows,
            chunks: report.chunks,
            anonymized: report.anonymized.length,
          });
        }
        const spec = specFor(table);
        const tokens: CapturedToken[] = [];
        let transform: BatchTransform | undefined;
        if (spec && this.pool) {
          const pool = this.pool;
          transform = async (rows) => {
            const result = await pool.run(spec, rows);
            if (result.tokens.length > 0) tokens.push(...result.tokens);
            return result;
          };
        } else if (spec) {
          const compiled = inline.get(spec.id) ?? compileTableTransform(spec);
          inline.set(spec.id, compiled);
          transform = async (rows) => {
            const result = compiled(rows);
            if (result.tokens.length > 0) tokens.push(...result.tokens);
            return result;
          };
        }
        await sink.query('BEGIN');
        try {
          // The chunk and its checkpoint commit together; losing both on a crash is harmless.
          await sink.query('SET LOCAL synchronous_commit = off');
          // A table copied in one chunk is truncated in the chunk's transaction (no row of it is
          // committed yet) so that its rows load frozen and all-visible: its indexes then build
          // faster, and neither VACUUM nor an index-only scan has to visit its pages first.
          const freeze = report.chunks === 1;
          if (freeze) await sink.query(`TRUNCATE ONLY ${quoteQualified(table.name)}`);
          const result = await copyChunk(source, sink, {
            freeze,
            format: copyFormat(table, sameMajorVersion),
            select: chunkSelect(table, chunk),
            target: table.name,
            columns: table.columns.map((c) => c.name),
            ...(transform ? { transform } : {}),
            inFlight: this.pool ? this.pool.threads + 1 : 1,
            onRows: (rows) => {
              report.copiedRows += rows;
              this.emit({
                type: 'rows-copied',
                table: report.table,
                rows,
                totalRows: report.copiedRows,
              });
            },
          });
          if (tokens.length > 0 && options.recorder) {
            this.vault ??= this.connect(options.target, 'target', 'confiture token vault');
            await options.recorder.storeTokens(await this.vault, tokens);
          }
          await checkpoints.recordChunk(this.runId!, table.name, chunk.index, result.rows);
          await sink.query('COMMIT');
          this.bytesRead += result.bytesRead;
        } catch (error) {
          await sink.query('ROLLBACK').catch(() => undefined);
          throw withTable(error, report.table);
        }
        const left = (remaining.get(report.table) ?? 1) - 1;
        remaining.set(report.table, left);
        if (left === 0) {
          report.durationMs = Date.now() - (started.get(report.table) ?? Date.now());
          this.emit({
            type: 'table-finished',
            table: report.table,
            rows: report.copiedRows,
            durationMs: report.durationMs,
          });
        }
      }
      await source.query('COMMIT').catch(() => undefined);
    };
    await Promise.all(
      Array.from({ length: workers }, (_, n) =>
        worker(n).catch((error: unknown) => {
          failure ??= error;
        }),
      ),
    );
    if (failure !== undefined) throw failure;
  }

  private async postData(
    plan: SyncPlan,
    runPlan: RunPlan,
    catalog: DatabaseCatalog,
    coordinator: pg.ClientBase,
    target: pg.Client,
    runId: string,
  ): Promise<void> {
    const store = this.store!;
    const done = await store.finishedSteps(runId);
    const step = async (index: number, description: string, work: () => Promise<void>) => {
      if (done.has(index)) return;
      this.emit({ type: 'step', description });
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
      plan.tables
        .filter((t) => t.excluded || t.filter !== undefined || t.sample !== undefined)
        .map((t) => formatQualifiedName(t.name)),
    );
    await step(0, 'remove rows whose referenced rows were not copied', async () => {
      await store.recordOrphans(runId, await dropOrphans(target, catalog, reduced));
    });
    for (const [index, statement] of runPlan.postData.entries()) {
      await step(index + 1, `${statement.kind} ${statement.object}`, () =>
        applySchema(target, [statement]),
      );
    }
    await step(runPlan.postData.length + 1, 'set sequences to the source values', async () => {
      await copySequenceValues(coordinator, target);
    });
  }

  private async verify(
    plan: SyncPlan,
    catalog: DatabaseCatalog,
    coordinator: pg.ClientBase,
    target: pg.Client,
    tableReports: TableReport[],
    report: SyncReport,
    resumed: boolean,
  ): Promise<VerificationResult> {
    const checks: VerificationCheck[] = [];
    const reports = new Map(tableReports.map((r) => [r.table, r]));
    for (const table of plan.tables) {
      const name = formatQualifiedName(table.name);
      const tableReport = reports.get(name)!;
      const rows = await countRows(target, table.name);
      tableReport.rows = rows;
      const expected = table.excluded ? 0 : tableReport.copiedRows - tableReport.orphansDropped;
      if (rows !== expected) {
        checks.push({
          name: 'row-counts',
          status: 'failed',
          table: name,
          count: Math.abs(rows - expected),
          detail: `${name} has ${rows} rows; the sync wrote ${expected}`,
        });
        continue;
      }
      if (!table.excluded && table.filter === undefined && table.sample === undefined) {
        const sourceRows = await countRows(coordinator, table.name);
        if (sourceRows !== tableReport.copiedRows) {
          checks.push({
            name: 'row-counts',
            status: resumed ? 'warning' : 'failed',
            table: name,
            count: Math.abs(sourceRows - tableReport.copiedRows),
            detail: resumed
              ? `${name}: the source now has ${sourceRows} rows, ${tableReport.copiedRows} were copied across the interrupted and the resumed run (the source changed in between)`
              : `${name}: the source has ${sourceRows} rows in the snapshot, ${tableReport.copiedRows} were copied`,
          });
          continue;
        }
      }
    }
    const countFailures = checks.filter((c) => c.name === 'row-counts').length;
    checks.unshift({
      name: 'row-counts',
      status:
        countFailures === 0
          ? 'passed'
          : checks.some((c) => c.status === 'failed')
            ? 'failed'
            : 'warning',
      detail: `${plan.tables.length - countFailures} of ${plan.tables.length} tables have the expected number of rows`,
    });

    // The value-set checks mostly wait for the servers' sorts, the hooks' pattern scan mostly runs
    // here: they run at the same time, the checks on a target connection of their own.
    const checkTarget = await this.connect(this.options.target, 'target', 'confiture sync verify');
    const [noSourceValues, extra] = await settled(
      checkNoSourceValues(coordinator, checkTarget, plan),
      Promise.resolve(
        this.options.hooks?.afterLoad?.({
          profile: this.options.profile,
          plan,
          catalog,
          source: coordinator,
          target,
          report,
        }),
      ),
    ).finally(() => checkTarget.end().catch(() => undefined));
    checks.push(...noSourceValues);

    const fks = await foreignKeyStatus(target);
    checks.push({
      name: 'foreign-keys',
      status: fks.notValidated.length === 0 ? 'passed' : 'failed',
      detail:
        fks.notValidated.length === 0
          ? `${fks.total} foreign keys hold (validated by PostgreSQL when created)`
          : `foreign keys not validated: ${fks.notValidated.join(', ')}`,
      count: fks.notValidated.length,
    });

    extra?.warnings?.forEach((w) => this.warn(w));
    checks.push(...(extra?.checks ?? []));
    return { passed: !checks.some((c) => c.status === 'failed'), checks };
  }

  private report(parts: {
    status: SyncReport['status'];
    catalog: DatabaseCatalog;
    plan: SyncPlan;
    tables: TableReport[];
    samples?: RuleSample[];
    runId?: string;
    resumed?: boolean;
  }): SyncReport {
    const { options } = this;
    const finished = new Date();
    const tables = parts.tables;
    return {
      ...(parts.runId ? { runId: parts.runId } : {}),
      status: parts.status,
      resumed: parts.resumed ?? false,
      source: options.source.label,
      target: options.target.label,
      profile: {
        name: options.profile.name,
        ...(options.profile.version ? { version: options.profile.version } : {}),
        sha256: options.profile.sha256,
        ...(options.profile.file ? { file: options.profile.file } : {}),
      },
      startedAt: this.started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - this.started.getTime(),
      source_database: {
        sizeBytes: parts.catalog.sizeBytes,
        tables: parts.catalog.tables.length,
        serverVersion: parts.catalog.serverVersion,
      },
      tables,
      totals: {
        tables: tables.length,
        rows: tables.reduce((n, t) => n + t.copiedRows, 0),
        anonymizedColumns: tables.reduce((n, t) => n + (t.excluded ? 0 : t.anonymized.length), 0),
        bytesRead: this.bytesRead,
      },
      phases: { ...this.phases },
      ...(parts.samples ? { samples: parts.samples } : {}),
      warnings: [...this.warnings],
    };
  }
}

// Built before loading when disable_indexes is false. Indexes of materialized views stay after
// the refresh, and partition index attachments after the indexes they attach.
const INDEX_KINDS = new Set(['primary-key', 'unique', 'index', 'exclusion']);

/** The anonymized columns of the copied tables, with their rules, for lineage. */
function recordedColumns(plan: SyncPlan, reports: TableReport[]): RecordedColumn[] {
  const rows = new Map(reports.map((r) => [r.table, r.rows]));
  return plan.tables.flatMap((table) => {
    const label = formatQualifiedName(table.name);
    if (table.excluded) return [];
    return table.columns.flatMap((c) =>
      c.rule && c.rule.type !== 'preserve'
        ? [{ table: label, rule: c.rule, rows: rows.get(label) ?? 0 }]
        : [],
    );
  });
}

/** Both results once both have settled (neither left running on a connection); else the first error. */
async function settled<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'rejected') throw ra.reason;
  if (rb.status === 'rejected') throw rb.reason;
  return [ra.value, rb.value];
}

/** Report rows for every planned table, before any copy. */
function plannedTables(plan: SyncPlan): TableReport[] {
  return plan.tables.map((table) => ({
    table: formatQualifiedName(table.name),
    kind: table.kind,
    rows: 0,
    copiedRows: 0,
    chunks: 0,
    excluded: table.excluded,
    ...(table.excludedBy ? { excludedBy: table.excludedBy } : {}),
    filtered: table.filter !== undefined,
    ...(table.sample ? { sampleRate: table.sample.rate } : {}),
    orphansDropped: 0,
    anonymized: table.columns
      .filter((c) => c.rule && c.rule.type !== 'preserve')
      .map((c) => ({ column: c.name, strategy: c.rule!.strategy, type: c.rule!.type })),
    durationMs: 0,
  }));
}

function fillCopiedRows(
  reports: TableReport[],
  runPlan: RunPlan,
  copied: Map<string, number>,
): void {
  const byName = new Map(reports.map((r) => [r.table, r]));
  for (const entry of runPlan.tables) {
    const report = byName.get(formatQualifiedName(entry));
    if (!report) continue;
    report.chunks = entry.chunks.length;
    for (const chunk of entry.chunks)
      report.copiedRows += copied.get(chunkKey(entry.schema, entry.name, chunk.index)) ?? 0;
  }
}

/** The transform spec of a table, or undefined when no column needs a JavaScript transform. */
function transformSpec(
  table: TablePlan,
  seeds: Map<string, string>,
  hmacBackend: HmacBackend,
): TableTransformSpec | undefined {
  const columns = table.columns.map((c) => {
    const rule = ruleAppliedInStream(c);
    const seed = rule ? seeds.get(rule.path) : undefined;
    return {
      column: columnInfo(table.catalog, c.catalog),
      ...(rule ? { rule } : {}),
      ...(seed !== undefined ? { seed } : {}),
    };
  });
  if (!columns.some((c) => c.rule)) return undefined;
  const table_ = formatQualifiedName(table.name);
  return {
    id: `${table_}#${randomBytes(4).toString('hex')}`,
    table: table_,
    columns,
    hmacBackend,
  };
}

/**
 * Reads the seed of every rule whose strategy needs one (rule seed, else global seed), failing
 * before any write when a variable is unset. Keyed by the rule's YAML path.
 */
function resolveSeeds(
  plan: SyncPlan,
  profile: Profile,
  env: Readonly<Record<string, string | undefined>>,
): Map<string, string> {
  const seeds = new Map<string, string>();
  for (const table of plan.tables) {
    if (table.excluded) continue;
    for (const column of table.columns) {
      const rule = column.rule;
      if (!rule || column.sql !== undefined) continue;
      const source = effectiveSeedSource(rule, profile.global);
      const definition = findStrategy(rule.type);
      const needsSeed = definition
        ? contractOf(definition, rule.options).needsSeed || usesSeedDeep(rule)
        : false;
      if (!source) {
        if (needsSeed)
          readSeed(undefined, env, {
            ...(profile.file ? { file: profile.file } : {}),
            path: rule.path,
          });
        continue;
      }
      seeds.set(
        rule.path,
        readSeed(source, env, profile.file ? { file: profile.file } : {}).reveal(),
      );
    }
  }
  return seeds;
}

function usesSeedDeep(rule: ResolvedRule): boolean {
  const nested = rule.options['rules'];
  if (!Array.isArray(nested)) return false;
  return (nested as ResolvedRule[]).some((inner) => {
    const definition = findStrategy(inner.type);
    return (
      (definition ? contractOf(definition, inner.options).needsSeed : false) || usesSeedDeep(inner)
    );
  });
}

/** Before/after examples of every rule, from a few source rows (dry run). */
async function sampleRules(
  source: pg.ClientBase,
  plan: SyncPlan,
  seeds: Map<string, string>,
): Promise<RuleSample[]> {
  const samples: RuleSample[] = [];
  for (const table of plan.tables) {
    if (table.excluded) continue;
    const label = formatQualifiedName(table.name);
    for (const column of table.columns) {
      const rule = column.rule;
      if (!rule || rule.type === 'preserve') continue;
      const quoted = quoteIdent(column.name);
      const from = `ONLY ${quoteQualified(table.name)}`;
      const base = { table: label, column: column.name, strategy: rule.strategy, type: rule.type };
      if (column.sql !== undefined) {
        const { rows } = await source.query<{ before: string | null; after: string | null }>(
          `SELECT ${quoted}::text AS before, (${column.sql})::text AS after FROM ${from} WHERE ${quoted} IS NOT NULL LIMIT ${SAMPLE_ROWS}`,
        );
        samples.push({ ...base, samples: rows });
        continue;
      }
      const { rows } = await source.query<{ v: string }>(
        `SELECT ${quoted}::text AS v FROM ${from} WHERE ${quoted} IS NOT NULL LIMIT ${SAMPLE_ROWS}`,
      );
      if (rows.length === 0) {
        samples.push({ ...base, samples: [], note: 'no non-null values to show' });
        continue;
      }
      const seed = seeds.get(rule.path);
      const transform = compileTableTransform({
        id: `sample:${label}:${column.name}`,
        table: label,
        columns: [
          {
            column: columnInfo(table.catalog, column.catalog),
            rule,
            ...(seed !== undefined ? { seed } : {}),
          },
        ],
      });
      samples.push({
        ...base,
        samples: rows.map((row) => {
          const line = transform(Buffer.from(encodeCopyField(row.v) + '\n', 'utf8')).data;
          return { before: row.v, after: decodeCopyField(line.toString('utf8').slice(0, -1)) };
        }),
      });
    }
  }
  return samples;
}

/**
 * Refuses to sync a database into itself: the source session carries a unique application_name,
 * and the target looks for it among the sessions of its own database. This catches aliases
 * (localhost vs 127.0.0.1, a DNS name) that comparing connection settings would miss.
 */
async function refuseSameDatabase(
  target: pg.ClientBase,
  marker: string,
  options: SyncOptions,
): Promise<void> {
  const { rows } = await target.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
    [marker],
  );
  if (rows[0]!.n > 0) {
    throw new ConfitureError(
      'SYNC_REFUSED',
      `source and target are the same database (${options.source.label})`,
      {
        hint: 'Point --to at another database: a sync overwrites its target.',
      },
    );
  }
}

async function describeTarget(
  target: pg.ClientBase,
  label: string,
  previous: { runId: string; status: string; phase: RecordedPhase; startedAt: Date } | undefined,
): Promise<TargetState> {
  const { rows } = await target.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'confiture')
        AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`,
  );
  return {
    label,
    tables: rows[0]!.n,
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

function withTable(error: unknown, table: string): unknown {
  if (isConfitureError(error)) {
    if (error.location.table) return error;
    return new ConfitureError(error.code, error.message, {
      ...error.location,
      table,
      details: error.details,
      hint: error.hint,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ConfitureError('SYNC_FAILED', `copying ${table} failed: ${message}`, {
    table,
    cause: error,
  });
}
