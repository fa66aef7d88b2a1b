import {
  formatQualifiedName,
  quoteIdent,
  quoteQualified,
  type QualifiedName,
} from '@confiture/domain';
import { contractOf, findStrategy } from '@confiture/strategies';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { SyncPlan, TablePlan } from './plan';

/** Outcome of one verification check. */
export interface VerificationCheck {
  name: 'no-source-values' | 'row-counts' | 'foreign-keys' | string;
  status: 'passed' | 'failed' | 'warning' | 'skipped';
  /** What was checked and what was found, without any data value. */
  detail: string;
  table?: string;
  column?: string;
  /** How many offending values/rows (never the values). */
  count?: number;
}

/** All checks of a verification, and whether it passed. */
export interface VerificationResult {
  passed: boolean;
  checks: VerificationCheck[];
}

/** A column whose source values must not appear in the target. */
export interface LeakCheckColumn {
  table: QualifiedName;
  column: string;
  isArray: boolean;
  /** Strategy type, for the report. */
  strategy: string;
}

/**
 * Counts the distinct source values of a column that also appear in the target column, without
 * holding either side in memory and without an N×M join: both servers stream the sorted MD5
 * digests of their distinct non-null values (array elements for arrays), and the two sorted
 * streams are merged. Only counts are returned, never values.
 */
export async function countSourceValuesInTarget(
  source: pg.ClientBase,
  target: pg.ClientBase,
  column: LeakCheckColumn,
): Promise<number> {
  let common = 0;
  await mergeJoin(
    source,
    target,
    digestQuery(column),
    (line) => line,
    () => common++,
  );
  return common;
}

/**
 * Counts rows (array elements, for arrays) whose anonymized value is still its own original:
 * both sides stream `(digest of the primary key, digest of the value)` sorted by the key digest,
 * and the streams are merge-joined. Used for format-preserving strategies, whose outputs live in
 * the same small space as the inputs and so may equal *another* row's original by chance.
 */
export async function countUnchangedValues(
  source: pg.ClientBase,
  target: pg.ClientBase,
  column: LeakCheckColumn,
  keyColumns: readonly string[],
): Promise<number> {
  let unchanged = 0;
  const keyOf = (line: string) => line.slice(0, line.indexOf('\t'));
  await mergeJoin(source, target, pairQuery(column, keyColumns), keyOf, (a, b) => {
    if (a === b) unchanged++; // same key, and the same value digest
  });
  return unchanged;
}

/**
 * The "no source values" checks of every anonymized column of a plan whose strategy makes the
 * check meaningful (`leakCheck`): format-preserving strategies, whose outputs share the inputs'
 * (often small) space and may equal *another* row's original by chance, are compared row by row
 * by primary key; the others as value sets. Returns one failed check per leaking column and a
 * summary check.
 */
export async function checkNoSourceValues(
  source: pg.ClientBase,
  target: pg.ClientBase,
  plan: SyncPlan,
  include: (table: TablePlan) => boolean = () => true,
): Promise<VerificationCheck[]> {
  const checks: VerificationCheck[] = [];
  let columns = 0;
  for (const table of plan.tables) {
    if (table.excluded || !include(table)) continue;
    for (const column of table.columns) {
      const rule = column.rule;
      if (!rule || rule.type === 'preserve') continue;
      const definition = findStrategy(rule.type);
      if (!definition) continue;
      const contract = contractOf(definition, rule.options);
      if (!contract.leakCheck) continue;
      columns++;
      const leakColumn = {
        table: table.name,
        column: column.name,
        isArray: column.catalog.isArray,
        strategy: rule.type,
      };
      const label = `${formatQualifiedName(table.name)}.${column.name} (${rule.type})`;
      const key = table.catalog.primaryKey;
      const rowWise = contract.formatPreserving && key !== undefined;
      const leaked = rowWise
        ? await countUnchangedValues(source, target, leakColumn, key)
        : await countSourceValuesInTarget(source, target, leakColumn);
      if (leaked > 0) {
        checks.push({
          name: 'no-source-values',
          status: 'failed',
          table: formatQualifiedName(table.name),
          column: column.name,
          count: leaked,
          detail: rowWise
            ? `${leaked} value(s) of ${label} are still their own original in the target`
            : `${leaked} distinct source value(s) of ${label} appear in the target`,
        });
      }
    }
  }
  checks.push({
    name: 'no-source-values',
    status: checks.length === 0 ? 'passed' : 'failed',
    detail: `${columns - checks.length} of ${columns} anonymized columns contain none of their source values`,
  });
  return checks;
}

/** Rows per table in the target (`ONLY`: partitions count separately). */
export async function countRows(client: pg.ClientBase, table: QualifiedName): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM ONLY ${quoteQualified(table)}`,
  );
  return Number(rows[0]!.n);
}

/**
 * Foreign keys of the target that PostgreSQL has not validated (created NOT VALID or never
 * checked). Constraints created by the sync are validated on creation, so every row satisfies them.
 */
export async function foreignKeyStatus(
  target: pg.ClientBase,
): Promise<{ total: number; notValidated: string[] }> {
  const { rows } = await target.query<{ name: string; table_name: string; validated: boolean }>(
    `SELECT con.conname AS name, format('%I.%I', n.nspname, c.relname) AS table_name, con.convalidated AS validated
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE con.contype = 'f' AND n.nspname <> 'confiture' AND con.conparentid = 0`,
  );
  return {
    total: rows.length,
    notValidated: rows.filter((r) => !r.validated).map((r) => `${r.table_name}.${r.name}`),
  };
}

function digestQuery(column: LeakCheckColumn): string {
  const table = quoteQualified(column.table);
  const col = quoteIdent(column.column);
  const values = column.isArray
    ? `SELECT DISTINCT md5(e::text) AS h FROM ${table} AS t, unnest(t.${col}) AS e WHERE e IS NOT NULL`
    : `SELECT DISTINCT md5(t.${col}::text) AS h FROM ${table} AS t WHERE t.${col} IS NOT NULL`;
  return `COPY (SELECT h FROM (${values}) d ORDER BY h COLLATE "C") TO STDOUT`;
}

function pairQuery(column: LeakCheckColumn, keyColumns: readonly string[]): string {
  const table = quoteQualified(column.table);
  const col = quoteIdent(column.column);
  const key = `md5(row(${keyColumns.map((k) => `t.${quoteIdent(k)}`).join(', ')})::text)`;
  const pairs = column.isArray
    ? `SELECT ${key} || ':' || e.i AS k, md5(e.v::text) AS h FROM ${table} AS t, unnest(t.${col}) WITH ORDINALITY AS e(v, i) WHERE e.v IS NOT NULL`
    : `SELECT ${key} AS k, md5(t.${col}::text) AS h FROM ${table} AS t WHERE t.${col} IS NOT NULL`;
  return `COPY (SELECT k, h FROM (${pairs}) d ORDER BY k COLLATE "C") TO STDOUT`;
}

/**
 * Streams `query` (a COPY producing lines sorted by `keyOf`, in C collation) from both servers and
 * merge-joins them: `onSameKey` gets each pair of lines with equal keys. Memory stays constant.
 */
async function mergeJoin(
  source: pg.ClientBase,
  target: pg.ClientBase,
  query: string,
  keyOf: (line: string) => string,
  onSameKey: (sourceLine: string, targetLine: string) => void,
): Promise<void> {
  const left = digestLines(source, query);
  const right = digestLines(target, query);
  let a = await left.next();
  let b = await right.next();
  try {
    while (!a.done && !b.done) {
      const keyA = keyOf(a.value);
      const keyB = keyOf(b.value);
      if (keyA === keyB) {
        onSameKey(a.value, b.value);
        a = await left.next();
        b = await right.next();
      } else if (keyA < keyB) {
        a = await left.next();
      } else {
        b = await right.next();
      }
    }
  } finally {
    // Drain whichever side is left so both connections are free again.
    while (!a.done) a = await left.next();
    while (!b.done) b = await right.next();
  }
}

/** Lines of a COPY TO stream, one at a time, with back-pressure. */
async function* digestLines(client: pg.ClientBase, sql: string): AsyncGenerator<string> {
  const stream = client.query(copyTo(sql));
  let tail = '';
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const text = tail + chunk.toString('latin1');
    const lines = text.split('\n');
    tail = lines.pop() ?? '';
    for (const line of lines) yield line;
  }
  if (tail) yield tail;
}

/** `schema.table` of a check. */
export function checkTable(name: QualifiedName): string {
  return formatQualifiedName(name);
}
