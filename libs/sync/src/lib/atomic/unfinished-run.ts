import type { ConnectionConfig } from '@confiture/domain';
import type pg from 'pg';
import { openConnection } from '../connection';

/** Whether the database `client` is connected to holds a sync that started and did not complete. */
export async function hasUnfinishedRun(client: pg.ClientBase): Promise<boolean> {
  const table = await client.query<{ present: boolean }>(
    `SELECT to_regclass('confiture.sync_runs') IS NOT NULL AS present`,
  );
  if (!table.rows[0]?.present) return false;
  const { rows } = await client.query<{ status: string }>(
    `SELECT status FROM confiture.sync_runs ORDER BY started_at DESC LIMIT 1`,
  );
  return rows[0] !== undefined && rows[0].status !== 'completed';
}

/**
 * Whether `target` holds an unfinished sync that `resume: true` would continue (a job taken over
 * after its replica died before the sync recorded its run starts over instead).
 */
export async function hasUnfinishedSync(target: ConnectionConfig): Promise<boolean> {
  const client = await openConnection(target, {
    role: 'source',
    applicationName: 'confiture resume check',
  });
  try {
    return await hasUnfinishedRun(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
