import { ConfitureError } from '@confiture/domain';
import type pg from 'pg';
import type { SqlNames } from './sql-shape';

/**
 * Catalog functions that PostgreSQL marks STABLE yet read whole tables, schemas or databases by
 * name: `table_to_xml('users', ...)` would put another table's raw rows wherever it is called.
 */
const READS_OTHER_DATA = /^(table|schema|database|query|cursor)_to_xml/;

/** A function or operator an expression names, with why it may not run on the source. */
export interface UnsafeName {
  kind: 'function' | 'operator';
  name: string;
  reason: string;
}

/**
 * Checks the functions and operators named by profile SQL against the source's catalog: each must
 * exist, and every function the name could resolve to (every overload, in the schema named or in
 * any schema on the search path) must be IMMUTABLE or STABLE — PostgreSQL's own promise that it
 * does not modify the database — and not one of the catalog functions that read other tables by
 * name. This refuses `pg_terminate_backend`, `pg_sleep`, `lo_import`, `pg_read_file`, `set_config`,
 * `nextval`, `dblink` and any VOLATILE function of the source's own. Operators are checked through
 * the functions that implement them. Reads the catalog only.
 */
export async function findUnsafeNames(
  client: pg.ClientBase,
  names: SqlNames,
): Promise<UnsafeName[]> {
  const unsafe: UnsafeName[] = [];
  if (names.functions.length > 0) {
    const parts = names.functions.map((name) => {
      const dot = name.lastIndexOf('.');
      return dot < 0 ? ['', name] : [name.slice(0, dot), name.slice(dot + 1)];
    });
    const result = await client.query<{ name: string; found: number; volatile: number }>(
      `WITH candidate AS (
         SELECT n.schema, n.name, p.provolatile
           FROM unnest($1::text[], $2::text[]) AS n(schema, name)
           JOIN pg_proc p ON p.proname = n.name
           JOIN pg_namespace ns ON ns.oid = p.pronamespace
          WHERE CASE WHEN n.schema = '' THEN ns.nspname = ANY (current_schemas(true))
                     ELSE ns.nspname = n.schema END)
       SELECT CASE WHEN schema = '' THEN name ELSE schema || '.' || name END AS name,
              count(*)::int AS found,
              (count(*) FILTER (WHERE provolatile = 'v'))::int AS volatile
         FROM candidate GROUP BY schema, name`,
      [parts.map((p) => p[0]), parts.map((p) => p[1])],
    );
    const seen = new Map(result.rows.map((r) => [r.name, r]));
    for (const name of names.functions) {
      const row = seen.get(name);
      const bare = name.split('.').pop() ?? name;
      if (!row || row.found === 0) {
        unsafe.push({ kind: 'function', name, reason: 'no such function on the source' });
      } else if (row.volatile > 0) {
        unsafe.push({
          kind: 'function',
          name,
          reason: 'VOLATILE: it may change the database or the server, or wait',
        });
      } else if (READS_OTHER_DATA.test(bare)) {
        unsafe.push({ kind: 'function', name, reason: 'reads whole tables by name' });
      }
    }
  }
  if (names.operators.length > 0) {
    const result = await client.query<{ name: string }>(
      `SELECT DISTINCT o.oprname AS name
         FROM pg_operator o JOIN pg_proc p ON p.oid = o.oprcode
         JOIN pg_namespace ns ON ns.oid = o.oprnamespace
        WHERE o.oprname = ANY ($1::text[]) AND p.provolatile = 'v'
          AND ns.nspname = ANY (current_schemas(true))`,
      [names.operators.map((o) => o.split('.').pop() ?? o)],
    );
    for (const { name } of result.rows) {
      unsafe.push({
        kind: 'operator',
        name,
        reason: 'implemented by a VOLATILE function',
      });
    }
  }
  return unsafe;
}

/** Throws PLAN_INVALID naming every unsafe function and operator of one piece of profile SQL. */
export function refuseUnsafeNames(
  unsafe: readonly UnsafeName[],
  where: { file?: string; path: string },
): void {
  if (unsafe.length === 0) return;
  const list = unsafe.map((u) => `${u.kind} ${u.name}: ${u.reason}`).join('; ');
  throw new ConfitureError('PLAN_INVALID', `calls what may not run on the source: ${list}`, {
    ...(where.file ? { file: where.file } : {}),
    path: where.path,
    hint: 'Profile SQL runs inside the source’s read-only snapshot: use IMMUTABLE or STABLE functions only (mark a function of yours STABLE only if it truly changes nothing).',
  });
}
