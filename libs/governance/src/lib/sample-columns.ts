import { quoteIdent, quoteQualified } from '@confiture/domain';
import type { CatalogColumn, CatalogTable } from '@confiture/sync';
import type pg from 'pg';
import type { ColumnSample } from './classify-column';

/** Longest text read per scalar value or array element. */
const MAX_TEXT = 4096;
/** Longest JSON document read; longer ones are cut and scanned as text. */
const MAX_JSON = 65536;
/** Array elements read per row. */
const MAX_ELEMENTS = 50;
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

function selectExpression(column: CatalogColumn): string {
  const col = `t.${quoteIdent(column.name)}`;
  if (column.isArray) {
    return `(SELECT array_agg(left(e::text, ${MAX_TEXT})) FROM (SELECT e FROM unnest(${col}) AS u(e) LIMIT ${MAX_ELEMENTS}) s)`;
  }
  const limit = column.category === 'json' || column.category === 'jsonb' ? MAX_JSON : MAX_TEXT;
  return `left(${col}::text, ${limit})`;
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
): Promise<{ samples: Map<string, ColumnSample>; info: TableSampleInfo }> {
  const samples = new Map<string, ColumnSample>();
  if (columns.length === 0 || rows <= 0) {
    return { samples, info: { method: 'limit', rows: 0 } };
  }
  const list = columns.map((c, i) => `${selectExpression(c)} AS c${i}`).join(', ');
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
    if (column.isArray) {
      samples.set(column.name, {
        shape: 'array',
        values: raw.map((v) => (v as unknown[]).filter((e) => e !== null).map(String)),
        elementsAreJson: column.category === 'json' || column.category === 'jsonb',
      });
    } else if (column.category === 'json' || column.category === 'jsonb') {
      samples.set(column.name, { shape: 'json', values: raw.map((v) => parseJson(String(v))) });
    } else {
      samples.set(column.name, { shape: 'scalar', values: raw.map(String) });
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
