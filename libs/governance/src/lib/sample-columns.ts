import { quoteIdent, quoteQualified } from '@confiture/domain';
import type { CatalogColumn, CatalogTable } from '@confiture/sync';
import type pg from 'pg';
import type { ColumnSample } from './classify-column';

/** Array elements read per row. */
const MAX_ELEMENTS = 50;

/**
 * How much of each value the pre-write detection reads. A value longer than its limit is read in
 * part (and counted, so the report can say so); the pattern scan after the load reads every row,
 * up to 256 KiB of each value.
 */
export interface SampleLimits {
  /** Characters read of a text value or array element (default 65,536). */
  maxValueChars: number;
  /** Characters read of a JSON document (default 262,144); a longer one is scanned as text. */
  maxJsonChars: number;
}

/** The default {@link SampleLimits}. */
export const DEFAULT_SAMPLE_LIMITS: SampleLimits = {
  maxValueChars: 65_536,
  maxJsonChars: 262_144,
};
/** Below this many estimated rows per sampled row, a plain LIMIT reads the table's first pages. */
const TABLESAMPLE_FACTOR = 50;

/** How a sampled table was read, for the report. */
export interface TableSampleInfo {
  method: 'tablesample' | 'limit';
  rows: number;
}

/** Whether values of `column` are worth reading (text, JSON, arrays, and numbers wide enough for a card). */
export function isSampledColumn(column: CatalogColumn): boolean {
  if (column.generated) return false;
  switch (column.category) {
    case 'text':
    case 'other':
    case 'json':
    case 'jsonb':
      return true;
    case 'integer':
    case 'numeric':
      // Only bigint and numeric can hold a 13–19 digit card number.
      return !column.isArray && /^(bigint|numeric|decimal)/.test(column.type);
    default:
      return false;
  }
}

function isJson(column: CatalogColumn): boolean {
  return column.category === 'json' || column.category === 'jsonb';
}

/** The characters read of each value of `column` (one more is read, to tell a cut value). */
function limitOf(column: CatalogColumn, limits: SampleLimits): number {
  return !column.isArray && isJson(column) ? limits.maxJsonChars : limits.maxValueChars;
}

function selectExpression(column: CatalogColumn, limits: SampleLimits): string {
  const col = `t.${quoteIdent(column.name)}`;
  const read = limitOf(column, limits) + 1;
  if (column.isArray) {
    return `(SELECT array_agg(left(e::text, ${read})) FROM (SELECT e FROM unnest(${col}) AS u(e) LIMIT ${MAX_ELEMENTS}) s)`;
  }
  return `left(${col}::text, ${read})`;
}

/**
 * Reads at most `rows` rows of the sampled columns of `table`. Big tables are read with
 * `TABLESAMPLE SYSTEM` (a few random pages, `REPEATABLE` so audits are stable) and a LIMIT; small
 * or never-analysed tables, or a sample that came back too thin, with a plain LIMIT. Either way
 * the cost is bounded by `rows`, not by the table size.
 */
export async function sampleTable(
  client: pg.ClientBase,
  table: CatalogTable,
  columns: readonly CatalogColumn[],
  rows: number,
  estimatedRows = table.estimatedRows,
  limits: SampleLimits = DEFAULT_SAMPLE_LIMITS,
): Promise<{ samples: Map<string, ColumnSample>; info: TableSampleInfo }> {
  const samples = new Map<string, ColumnSample>();
  if (columns.length === 0 || rows <= 0) {
    return { samples, info: { method: 'limit', rows: 0 } };
  }
  const list = columns.map((c, i) => `${selectExpression(c, limits)} AS c${i}`).join(', ');
  const from = `${quoteQualified(table.name)} AS t`;
  let result: pg.QueryResult<Record<string, unknown>> | undefined;
  let method: TableSampleInfo['method'] = 'limit';
  if (estimatedRows > rows * TABLESAMPLE_FACTOR) {
    // Pages holding about ten times the wanted rows, so that the LIMIT is usually reached.
    const percent = Math.min(100, Math.max(0.0001, (100 * rows * 10) / estimatedRows));
    result = await client.query(
      `SELECT ${list} FROM ${from} TABLESAMPLE SYSTEM (${percent.toFixed(4)}) REPEATABLE (7) LIMIT ${rows}`,
    );
    method = 'tablesample';
    if (result.rows.length < rows / 2) result = undefined;
  }
  if (!result) {
    result = await client.query(`SELECT ${list} FROM ${from} LIMIT ${rows}`);
    method = 'limit';
  }
  columns.forEach((column, i) => {
    const raw = result.rows.map((row) => row[`c${i}`]).filter((v) => v !== null && v !== undefined);
    const limit = limitOf(column, limits);
    let cut = 0;
    const within = (text: string) => {
      if (text.length <= limit) return text;
      cut++;
      return text.slice(0, limit);
    };
    const truncated = () => (cut > 0 ? { truncated: cut } : {});
    if (column.isArray) {
      const values = raw.map((v) =>
        (v as unknown[]).filter((e) => e !== null).map((e) => within(String(e))),
      );
      samples.set(column.name, {
        shape: 'array',
        values,
        elementsAreJson: isJson(column),
        ...truncated(),
      });
    } else if (isJson(column)) {
      const values = raw.map((v) => parseJson(within(String(v))));
      samples.set(column.name, { shape: 'json', values, ...truncated() });
    } else {
      const values = raw.map((v) => within(String(v)));
      samples.set(column.name, { shape: 'scalar', values, ...truncated() });
    }
  });
  return { samples, info: { method, rows: result.rows.length } };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
