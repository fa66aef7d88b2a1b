import type { ClientBase } from 'pg';

/**
 * Runs `sql` as a superuser who switches off the append-only triggers of `table` for one
 * transaction: what an attacker with full database access (but no audit key) can do.
 */
export async function tamperAsSuperuser(
  client: ClientBase,
  table: 'audit_log' | 'lineage' | 'token_access_log' | 'ledger_heads',
  sql: string,
  params: unknown[] = [],
): Promise<void> {
  const ledger = table !== 'ledger_heads';
  await client.query('BEGIN');
  try {
    if (ledger) await client.query(`ALTER TABLE confiture.${table} DISABLE TRIGGER USER`);
    await client.query(sql, params);
    if (ledger) {
      await client.query(
        `ALTER TABLE confiture.${table} ENABLE ALWAYS TRIGGER ${table}_append_only`,
      );
      await client.query(
        `ALTER TABLE confiture.${table} ENABLE ALWAYS TRIGGER ${table}_no_truncate`,
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
