import { ConfitureError } from '@confiture/domain';
import type pg from 'pg';

/**
 * Refuses to sync a database into itself: the source session carries a unique application_name
 * (`marker`), and the target looks for it among the sessions of its own database. This catches
 * aliases (localhost vs 127.0.0.1, a DNS name) that comparing connection settings would miss.
 */
export async function refuseSameDatabase(
  target: pg.ClientBase,
  marker: string,
  sourceLabel: string,
): Promise<void> {
  const { rows } = await target.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
    [marker],
  );
  if ((rows[0]?.n ?? 0) > 0) {
    throw new ConfitureError(
      'SYNC_REFUSED',
      `source and target are the same database (${sourceLabel})`,
      {
        hint: 'Point --to at another database: a sync overwrites its target.',
      },
    );
  }
}
