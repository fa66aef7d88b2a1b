import { pipeline } from 'node:stream/promises';
import { quoteIdent } from '@confiture/domain';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { ensureSecuritySchema } from './security-store';

/** Confiture's own schema in a target: the vault, the signed ledgers, the sync bookkeeping. */
const SCHEMA = 'confiture';

/** Tables that belong to one database's runs and are not carried: a new copy starts its own. */
const NOT_CARRIED = /^(sync_|schema_migrations($|_))/;

/** What {@link carryRecords} copied: table → rows. */
export type CarriedRecords = Record<string, number>;

/**
 * Copies the target's own records (token vault, data keys, grants, the signed audit log, lineage
 * and token access log, and their heads) from `from` (the current target) into `to` (the new copy,
 * before its sync appends), so that the chains go on unbroken across an atomic refresh. `to` gets
 * the security schema first; tables are copied in foreign-key order, rows as binary COPY streams,
 * columns by name. Tables only `from` has (an older or newer layout) are left out.
 */
export async function carryRecords(from: pg.Client, to: pg.Client): Promise<CarriedRecords> {
  const carried: CarriedRecords = {};
  await ensureSecuritySchema(to);
  const sourceTables = await tablesOf(from);
  if (sourceTables.size === 0) return carried;
  const targetTables = await tablesOf(to);
  const order = await foreignKeyOrder(from, [...sourceTables.keys()]);
  await to.query('BEGIN');
  try {
    // ensureSecuritySchema seeded the heads of empty chains; the carried heads replace them.
    // (The ledgers themselves are append-only, and empty here.)
    if (targetTables.has('ledger_heads') && sourceTables.has('ledger_heads')) {
      await to.query(`DELETE FROM ${SCHEMA}.ledger_heads`);
    }
    for (const table of order) {
      const into = targetTables.get(table);
      if (!into || NOT_CARRIED.test(table)) continue;
      const columns = sourceTables.get(table)!.filter((c) => into.includes(c));
      const list = columns.map(quoteIdent).join(', ');
      const name = `${SCHEMA}.${quoteIdent(table)}`;
      const reader = from.query(copyTo(`COPY ${name} (${list}) TO STDOUT (FORMAT binary)`));
      const writer = to.query(copyFrom(`COPY ${name} (${list}) FROM STDIN (FORMAT binary)`));
      await pipeline(reader, writer);
      carried[table] = Number(writer.rowCount ?? 0);
    }
    await carrySequences(from, to);
    await to.query('COMMIT');
  } catch (error) {
    await to.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return carried;
}

/** Table → column names, of Confiture's schema. */
async function tablesOf(client: pg.ClientBase): Promise<Map<string, string[]>> {
  const { rows } = await client.query<{ table: string; columns: string[] }>(
    `SELECT c.relname::text AS table, array_agg(a.attname::text ORDER BY a.attnum) AS columns
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                          AND a.attgenerated = ''
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
      GROUP BY c.relname`,
    [SCHEMA],
  );
  return new Map(rows.map((r) => [r.table, r.columns]));
}

/** `tables` ordered so that a referenced table comes before the tables that reference it. */
async function foreignKeyOrder(client: pg.ClientBase, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid
       JOIN pg_class p ON p.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE k.contype = 'f' AND n.nspname = $1 AND c.oid <> p.oid`,
    [SCHEMA],
  );
  const parents = new Map<string, string[]>();
  for (const { child, parent } of rows) parents.set(child, [...(parents.get(child) ?? []), parent]);
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (table: string) => {
    if (ordered.includes(table) || visiting.has(table)) return;
    visiting.add(table);
    for (const parent of parents.get(table) ?? []) visit(parent);
    ordered.push(table);
  };
  [...tables].sort().forEach(visit);
  return ordered.filter((t) => tables.includes(t));
}

/** Sequences of Confiture's schema that both databases have continue where `from` stopped. */
async function carrySequences(from: pg.ClientBase, to: pg.ClientBase): Promise<void> {
  const { rows } = await from.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'S'`,
    [SCHEMA],
  );
  for (const { name } of rows) {
    if (NOT_CARRIED.test(name)) continue;
    const qualified = `${SCHEMA}.${quoteIdent(name)}`;
    const exists = await to.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [qualified]);
    if (!exists.rows[0]?.present) continue;
    const value = await from.query<{ last_value: string; is_called: boolean }>(
      `SELECT last_value::text, is_called FROM ${qualified}`,
    );
    const { last_value, is_called } = value.rows[0]!;
    await to.query(`SELECT setval($1::regclass, $2::bigint, $3)`, [
      qualified,
      last_value,
      is_called,
    ]);
  }
}
