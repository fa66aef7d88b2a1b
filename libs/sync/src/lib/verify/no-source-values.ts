import {
  formatQualifiedName,
  quoteIdent,
  quoteQualified,
  type QualifiedName,
  type VerificationCheck,
} from '@confiture/domain';
import { contractOf, findStrategy } from '@confiture/strategies';
import type pg from 'pg';
import type { SyncPlan, TablePlan } from '../plan/plan';
import { CopyOutStream } from '../data/copy-out';

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
 * holding either side in memory and without an N×M join: both servers stream the sorted digests
 * (see {@link valueDigest}) of their distinct non-null values (array elements for arrays), and the
 * two sorted streams are merged. Only counts are returned, never values.
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
    compareDigests,
    () => {
      common++;
    },
  );
  return common;
}

/**
 * Counts rows (array elements, for arrays) whose anonymized value is still its own original:
 * both sides stream `(primary key, digest of the value)` in key order (see {@link valueDigest}),
 * and the streams are merge-joined. Used for format-preserving strategies, whose outputs live in
 * the same small space as the inputs and so may equal *another* row's original by chance.
 *
 * With `integerKey` (a single integer primary key, on a column that is not an array) both sides
 * read in the order of the key itself, which their primary-key indexes give without a sort.
 * Otherwise the key is an MD5 digest of the key columns, sorted in C collation, so that both
 * servers agree on the order whatever their collations.
 */
export async function countUnchangedValues(
  source: pg.ClientBase,
  target: pg.ClientBase,
  column: LeakCheckColumn,
  keyColumns: readonly string[],
  options: { integerKey?: boolean } = {},
): Promise<number> {
  let unchanged = 0;
  const keyOf = (line: string) => line.slice(0, line.indexOf('\t'));
  const byInteger = options.integerKey === true && keyColumns.length === 1 && !column.isArray;
  await mergeJoin(
    source,
    target,
    byInteger ? integerPairQuery(column, keyColumns[0]!) : pairQuery(column, keyColumns),
    keyOf,
    byInteger ? compareIntegers : compareStrings,
    (a, b) => {
      if (a === b) unchanged++; // same key, and the same value digest
    },
  );
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
      const integerKey =
        key?.length === 1 &&
        table.catalog.columns.find((c) => c.name === key[0])?.category === 'integer';
      const leaked = rowWise
        ? await countUnchangedValues(source, target, leakColumn, key, { integerKey })
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

/**
 * The digest both servers compute of a value: two 64-bit hashes of its text under different seeds
 * (`hashtextextended`, the function hash partitioning routes rows by, hence the same on every
 * server version; its bytes, whatever the column's collation). Two equal values always have equal
 * digests, so no leak is missed; 128 bits make two different values sharing one as unlikely as
 * with MD5. On 1M emails the value-set query took 0.59 s against 1.42 s with `md5()` (whose text
 * output also sorts slower than two integers).
 */
function valueDigest(value: string): string {
  const text = `(${value})::text COLLATE "C"`;
  return `hashtextextended(${text}, 0) AS h1, hashtextextended(${text}, 1) AS h2`;
}

/**
 * SQL condition: `value` holds something. NULL, an empty or a whitespace-only value carries no
 * personal data, so it is never a leak nor "still its own original" (a `phone` rule keeps `''`).
 */
function holdsData(value: string): string {
  return `${value} IS NOT NULL AND (${value})::text ~ '[^[:space:]]'`;
}

function digestQuery(column: LeakCheckColumn): string {
  const table = quoteQualified(column.table);
  const col = quoteIdent(column.column);
  // DISTINCT and ORDER BY on the same expressions: one sort (then Unique), where a DISTINCT in a
  // subquery planned a hash aggregate and a second sort (1.4 s against 2.2–2.8 s for 1M emails).
  const [value, from] = column.isArray
    ? ['e', `${table} AS t, unnest(t.${col}) AS e`]
    : [`t.${col}`, `${table} AS t`];
  return `COPY (SELECT DISTINCT ${valueDigest(value)} FROM ${from} WHERE ${holdsData(value)} ORDER BY 1, 2) TO STDOUT`;
}

function integerPairQuery(column: LeakCheckColumn, key: string): string {
  const table = quoteQualified(column.table);
  const col = quoteIdent(column.column);
  const k = `t.${quoteIdent(key)}`;
  return `COPY (SELECT ${k} AS k, ${valueDigest(`t.${col}`)} FROM ${table} AS t WHERE ${holdsData(`t.${col}`)} ORDER BY ${k}) TO STDOUT`;
}

function pairQuery(column: LeakCheckColumn, keyColumns: readonly string[]): string {
  const table = quoteQualified(column.table);
  const col = quoteIdent(column.column);
  const key = `md5(row(${keyColumns.map((k) => `t.${quoteIdent(k)}`).join(', ')})::text)`;
  const pairs = column.isArray
    ? `SELECT ${key} || ':' || e.i AS k, ${valueDigest('e.v')} FROM ${table} AS t, unnest(t.${col}) WITH ORDINALITY AS e(v, i) WHERE ${holdsData('e.v')}`
    : `SELECT ${key} AS k, ${valueDigest(`t.${col}`)} FROM ${table} AS t WHERE ${holdsData(`t.${col}`)}`;
  return `COPY (SELECT k, h1, h2 FROM (${pairs}) d ORDER BY k COLLATE "C") TO STDOUT`;
}

/**
 * Streams `query` (a COPY producing lines sorted by `keyOf`, in the order of `compare`) from both
 * servers and merge-joins them: `onSameKey` gets each pair of lines with equal keys. Memory stays
 * constant.
 * Lines are merged a received chunk at a time; awaiting each line cost more than the queries.
 */
async function mergeJoin(
  source: pg.ClientBase,
  target: pg.ClientBase,
  query: string,
  keyOf: (line: string) => string,
  compare: (a: string, b: string) => number,
  onSameKey: (sourceLine: string, targetLine: string) => void,
): Promise<void> {
  const left = new LineReader(source, query);
  const right = new LineReader(target, query);
  try {
    while ((await left.fill()) && (await right.fill())) {
      const a = left.lines;
      const b = right.lines;
      let i = left.at;
      let j = right.at;
      while (i < a.length && j < b.length) {
        const order = compare(keyOf(a[i]!), keyOf(b[j]!));
        if (order === 0) onSameKey(a[i++]!, b[j++]!);
        else if (order < 0) i++;
        else j++;
      }
      left.at = i;
      right.at = j;
    }
  } finally {
    // Read whichever side is left so both connections are free again.
    await Promise.all([left.drain(), right.drain()]);
  }
}

/** The lines of a COPY TO stream, a received chunk at a time, with back-pressure. */
class LineReader {
  lines: string[] = [];
  /** The next unread line of `lines`. */
  at = 0;
  private tail = '';
  private ended = false;
  private readonly chunks: AsyncIterator<Buffer>;

  constructor(client: pg.ClientBase, sql: string) {
    const stream = client.query(new CopyOutStream(sql)) as AsyncIterable<Buffer>;
    this.chunks = stream[Symbol.asyncIterator]();
  }

  /** Makes an unread line available; false once the stream has no more. */
  async fill(): Promise<boolean> {
    while (this.at >= this.lines.length) {
      if (this.ended) return false;
      const next = await this.chunks.next();
      if (next.done) {
        this.ended = true;
        this.lines = this.tail ? [this.tail] : [];
        this.tail = '';
      } else {
        this.lines = (this.tail + next.value.toString('latin1')).split('\n');
        this.tail = this.lines.pop() ?? '';
      }
      this.at = 0;
    }
    return true;
  }

  /** Reads and drops the rest of the stream. */
  async drain(): Promise<void> {
    while (!this.ended) {
      this.at = this.lines.length;
      await this.fill();
    }
  }
}

/** Order of strings in C collation (UTF-16 code units, the same for the hex digests compared). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Order of `h1\th2` digest lines: by the first integer, then the second (as the servers sort them). */
export function compareDigests(a: string, b: string): number {
  const tabA = a.indexOf('\t');
  const tabB = b.indexOf('\t');
  const first = compareIntegers(a.slice(0, tabA), b.slice(0, tabB));
  return first !== 0 ? first : compareIntegers(a.slice(tabA + 1), b.slice(tabB + 1));
}

/** Numeric order of integers as PostgreSQL writes them (no `+`, no leading zeros). */
export function compareIntegers(a: string, b: string): number {
  const negative = a.startsWith('-');
  if (negative !== b.startsWith('-')) return negative ? -1 : 1;
  const magnitude = a.length !== b.length ? a.length - b.length : compareStrings(a, b);
  // Equal integers compare as 0, not -0 (which a negative pair would give).
  return negative && magnitude !== 0 ? -magnitude : magnitude;
}
