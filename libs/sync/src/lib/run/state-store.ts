import { randomUUID } from 'node:crypto';
import type { SyncPhase } from '@confiture/domain';
import type pg from 'pg';

/** The phase a run record holds: the one reached (from `schema` on), or `done` once complete. */
export type RecordedPhase = Exclude<SyncPhase, 'preflight'> | 'done';

/** A sync run as recorded in the target. */
export interface RunRecord<Plan = unknown> {
  runId: string;
  status: 'running' | 'failed' | 'completed';
  phase: RecordedPhase;
  startedAt: Date;
  sourceLabel: string;
  profileSha256?: string;
  plan: Plan;
  error?: string;
}

/**
 * Confiture's bookkeeping in the target's `confiture` schema: one row per run and one per finished
 * chunk. A chunk's rows and its checkpoint row are committed in the same transaction, which is
 * what makes `--resume` exact: a chunk is either fully there and recorded, or absent.
 */
export class StateStore {
  constructor(private readonly target: pg.ClientBase) {}

  /**
   * Creates the schema and tables if they do not exist yet. Touches nothing that exists: after
   * `lockDownSecuritySchema` the syncing role neither owns the schema (COMMENT ON SCHEMA) nor may
   * create in it (even CREATE TABLE IF NOT EXISTS needs that), yet keeps its own tables.
   */
  async ensure(): Promise<void> {
    const { rows } = await this.target.query<{ schema: boolean; tables: boolean }>(
      `SELECT to_regnamespace('confiture') IS NOT NULL AS schema,
              to_regclass('confiture.sync_runs') IS NOT NULL AND to_regclass('confiture.sync_chunks') IS NOT NULL
          AND to_regclass('confiture.sync_orphans') IS NOT NULL AND to_regclass('confiture.sync_steps') IS NOT NULL AS tables`,
    );
    if (rows[0]?.tables) return;
    if (!rows[0]?.schema) {
      await this.target.query(`
        CREATE SCHEMA IF NOT EXISTS confiture;
        COMMENT ON SCHEMA confiture IS 'Confiture bookkeeping: sync runs, checkpoints, audit and lineage. Never copied.';`);
    }
    await this.target.query(`
      CREATE TABLE IF NOT EXISTS confiture.sync_runs (
        run_id uuid PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('running', 'failed', 'completed')),
        phase text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        source_label text NOT NULL,
        profile_sha256 text,
        plan jsonb NOT NULL,
        error text
      );
      CREATE TABLE IF NOT EXISTS confiture.sync_chunks (
        run_id uuid NOT NULL REFERENCES confiture.sync_runs (run_id) ON DELETE CASCADE,
        table_schema text NOT NULL,
        table_name text NOT NULL,
        chunk integer NOT NULL,
        rows bigint NOT NULL,
        finished_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (run_id, table_schema, table_name, chunk)
      );
      CREATE TABLE IF NOT EXISTS confiture.sync_orphans (
        run_id uuid NOT NULL REFERENCES confiture.sync_runs (run_id) ON DELETE CASCADE,
        table_name text NOT NULL,
        rows bigint NOT NULL,
        PRIMARY KEY (run_id, table_name)
      );
      CREATE TABLE IF NOT EXISTS confiture.sync_steps (
        run_id uuid NOT NULL REFERENCES confiture.sync_runs (run_id) ON DELETE CASCADE,
        step integer NOT NULL,
        description text NOT NULL,
        finished_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (run_id, step)
      );`);
  }

  /** Whether the target has Confiture's bookkeeping tables. */
  async exists(): Promise<boolean> {
    const { rows } = await this.target.query<{ ok: boolean }>(
      `SELECT to_regclass('confiture.sync_runs') IS NOT NULL AS ok`,
    );
    return rows[0]!.ok;
  }

  /** Records a new run and returns its id. */
  async startRun(run: {
    sourceLabel: string;
    profileSha256?: string;
    plan: unknown;
  }): Promise<string> {
    const runId = randomUUID();
    await this.target.query(
      `INSERT INTO confiture.sync_runs (run_id, status, phase, source_label, profile_sha256, plan)
       VALUES ($1, 'running', 'schema', $2, $3, $4)`,
      [runId, run.sourceLabel, run.profileSha256 ?? null, JSON.stringify(run.plan)],
    );
    return runId;
  }

  /** The most recent run, if any. */
  async latestRun<Plan>(): Promise<RunRecord<Plan> | undefined> {
    if (!(await this.exists())) return undefined;
    const { rows } = await this.target.query(
      `SELECT run_id, status, phase, started_at, source_label, profile_sha256, plan, error
         FROM confiture.sync_runs ORDER BY started_at DESC LIMIT 1`,
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      runId: row.run_id,
      status: row.status,
      phase: row.phase,
      startedAt: row.started_at,
      sourceLabel: row.source_label,
      ...(row.profile_sha256 ? { profileSha256: row.profile_sha256 } : {}),
      plan: row.plan as Plan,
      ...(row.error ? { error: row.error } : {}),
    };
  }

  /** Moves a run to `phase` (optionally inside the caller's open transaction). */
  async setPhase(runId: string, phase: RecordedPhase): Promise<void> {
    await this.target.query(
      `UPDATE confiture.sync_runs SET phase = $2, status = 'running', error = NULL, updated_at = now()
        WHERE run_id = $1`,
      [runId, phase],
    );
  }

  /** Marks a run finished. */
  async complete(runId: string): Promise<void> {
    await this.target.query(
      `UPDATE confiture.sync_runs SET phase = 'done', status = 'completed', finished_at = now(), updated_at = now()
        WHERE run_id = $1`,
      [runId],
    );
  }

  /** Marks a run failed, keeping the reason (already free of secrets). */
  async fail(runId: string, reason: string): Promise<void> {
    await this.target.query(
      `UPDATE confiture.sync_runs SET status = 'failed', error = $2, updated_at = now() WHERE run_id = $1`,
      [runId, reason],
    );
  }

  /** Records a finished chunk; call inside the transaction that loaded it. */
  async recordChunk(
    runId: string,
    table: { schema: string; name: string },
    chunk: number,
    rows: number,
  ): Promise<void> {
    await this.target.query(
      `INSERT INTO confiture.sync_chunks (run_id, table_schema, table_name, chunk, rows) VALUES ($1, $2, $3, $4, $5)`,
      [runId, table.schema, table.name, chunk, rows],
    );
  }

  /** Finished chunks of a run: `schema.table#chunk` → rows. */
  async finishedChunks(runId: string): Promise<Map<string, number>> {
    const { rows } = await this.target.query<{
      table_schema: string;
      table_name: string;
      chunk: number;
      rows: string;
    }>(
      `SELECT table_schema, table_name, chunk, rows::text FROM confiture.sync_chunks WHERE run_id = $1`,
      [runId],
    );
    return new Map(
      rows.map((r) => [chunkKey(r.table_schema, r.table_name, r.chunk), Number(r.rows)]),
    );
  }

  /** Records a finished post-data step; call inside the transaction that ran it. */
  async recordStep(runId: string, step: number, description: string): Promise<void> {
    await this.target.query(
      `INSERT INTO confiture.sync_steps (run_id, step, description) VALUES ($1, $2, $3)`,
      [runId, step, description],
    );
  }

  /** Records rows removed as orphans (table label → rows); call inside the step's transaction. */
  async recordOrphans(runId: string, counts: ReadonlyMap<string, number>): Promise<void> {
    for (const [table, rows] of counts) {
      await this.target.query(
        `INSERT INTO confiture.sync_orphans (run_id, table_name, rows) VALUES ($1, $2, $3)`,
        [runId, table, rows],
      );
    }
  }

  /** Rows removed as orphans in a run, by table label. */
  async orphanCounts(runId: string): Promise<Map<string, number>> {
    const { rows } = await this.target.query<{ table_name: string; rows: string }>(
      `SELECT table_name, rows::text FROM confiture.sync_orphans WHERE run_id = $1`,
      [runId],
    );
    return new Map(rows.map((r) => [r.table_name, Number(r.rows)]));
  }

  /** Post-data steps already done in a run. */
  async finishedSteps(runId: string): Promise<Set<number>> {
    const { rows } = await this.target.query<{ step: number }>(
      `SELECT step FROM confiture.sync_steps WHERE run_id = $1`,
      [runId],
    );
    return new Set(rows.map((r) => r.step));
  }
}

/**
 * The most recent sync run recorded in a target (the daemon's run status, compliance's records):
 * its status, the phase it reached, when it started and why it failed. Read-only; undefined when
 * no sync ever ran there.
 */
export async function readLatestRun(target: pg.ClientBase): Promise<RunRecord | undefined> {
  return new StateStore(target).latestRun();
}

/** Key of a chunk in {@link StateStore.finishedChunks}. */
export function chunkKey(schema: string, table: string, chunk: number): string {
  return `${schema}\u0000${table}#${chunk}`;
}
