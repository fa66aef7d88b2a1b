import type pg from 'pg';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { qualified } from './sql-text';

/** Sequences read per query: one UNION ALL of this many `SELECT ... FROM sequence`. */
const BATCH = 200;

/**
 * Sets every sequence of the target (free-standing, serial and identity ones) to the source's
 * position (`last_value`, `is_called`), so that new rows get new keys. Sequences the target lacks
 * are skipped. Returns how many were set.
 */
export async function copySequenceValues(
  source: pg.ClientBase,
  target: pg.ClientBase,
): Promise<number> {
  const sequences = await source.query<{ schema: string; name: string }>(
    `SELECT n.nspname AS schema, c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'S' AND ${userSchemaCondition('n')}
        AND ${notExtensionMemberCondition('pg_class', 'c.oid')}
      ORDER BY n.nspname, c.relname`,
  );
  const values: Array<{ schema: string; name: string; value: string; called: boolean }> = [];
  for (let start = 0; start < sequences.rows.length; start += BATCH) {
    const batch = sequences.rows.slice(start, start + BATCH);
    const { rows } = await source.query<{ i: number; value: string; called: boolean }>(
      batch
        .map(
          (s, i) =>
            `SELECT ${i} AS i, last_value::text AS value, is_called AS called FROM ${qualified(s.schema, s.name)}`,
        )
        .join(' UNION ALL '),
    );
    for (const row of rows) values.push({ ...batch[row.i]!, value: row.value, called: row.called });
  }
  if (values.length === 0) return 0;
  const { rows } = await target.query<{ set: number }>(
    `SELECT count(setval(c.oid, u.value::bigint, u.called))::int AS set
       FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[]) AS u(schema, name, value, called)
       JOIN pg_namespace n ON n.nspname = u.schema
       JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = u.name AND c.relkind = 'S'`,
    [
      values.map((v) => v.schema),
      values.map((v) => v.name),
      values.map((v) => v.value),
      values.map((v) => v.called),
    ],
  );
  return rows[0]!.set;
}
