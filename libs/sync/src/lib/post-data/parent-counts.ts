import type pg from 'pg';

/**
 * Rows added to tables by `on_orphans: include_parents`, kept in the target's state schema beside
 * the orphan counts so that a resumed run reports them too. The table is created on first use.
 */
export async function recordParentCounts(
  target: pg.ClientBase,
  runId: string,
  counts: ReadonlyMap<string, number>,
): Promise<void> {
  if (counts.size === 0) return;
  await target.query(`CREATE TABLE IF NOT EXISTS confiture.sync_parents (
    run_id uuid NOT NULL REFERENCES confiture.sync_runs (run_id) ON DELETE CASCADE,
    table_name text NOT NULL,
    rows bigint NOT NULL,
    PRIMARY KEY (run_id, table_name)
  )`);
  for (const [table, rows] of counts) {
    await target.query(
      `INSERT INTO confiture.sync_parents (run_id, table_name, rows) VALUES ($1, $2, $3)`,
      [runId, table, rows],
    );
  }
}

/** Rows a run added as referenced parents, by table label. */
export async function parentCounts(
  target: pg.ClientBase,
  runId: string,
): Promise<Map<string, number>> {
  const exists = await target.query<{ ok: boolean }>(
    `SELECT to_regclass('confiture.sync_parents') IS NOT NULL AS ok`,
  );
  if (!exists.rows[0]?.ok) return new Map();
  const { rows } = await target.query<{ table_name: string; rows: string }>(
    `SELECT table_name, rows::text FROM confiture.sync_parents WHERE run_id = $1`,
    [runId],
  );
  return new Map(rows.map((r) => [r.table_name, Number(r.rows)]));
}
