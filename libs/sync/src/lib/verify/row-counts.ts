import {
  formatQualifiedName,
  quoteQualified,
  type QualifiedName,
  type VerificationCheck,
} from '@confiture/domain';
import type pg from 'pg';
import type { SyncPlan } from '../plan/plan';

/** How the source rows a check compares with were read. */
export type SourceReading =
  /** In the sync's own snapshot: any difference is a failure. */
  | 'snapshot'
  /** By a resumed sync, whose attempts read different snapshots: a difference is a warning. */
  | 'resumed'
  /** Now, by `confiture verify` on its own: more rows in the target fail, fewer warn. */
  | 'now';

/** Options of {@link checkRowCounts}. */
export interface RowCountOptions {
  reading: SourceReading;
  /** Rows each table got from the sync (by label), when verifying inside it. */
  written?: ReadonlyMap<
    string,
    { copiedRows: number; orphansDropped: number; parentsIncluded?: number }
  >;
  /** Tables the target has (by label); absent: every planned table (the sync created them). */
  inTarget?: ReadonlySet<string>;
}

/** The row-count checks, and the rows each table of the target has (by label). */
export interface RowCountResult {
  checks: VerificationCheck[];
  rows: Map<string, number>;
}

/**
 * Rows of a table (`ONLY`: partitions count separately), or those matching a profile `filter`
 * (aliased `t`, as in the sync's own source query; checked by pre-flight's SQL guard).
 */
export async function countRows(
  client: pg.ClientBase,
  table: QualifiedName,
  filter?: string,
): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM ONLY ${quoteQualified(table)} AS t` +
      (filter ? ` WHERE (${filter})` : ''),
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * The row counts of a target, the sync's and `confiture verify`'s alike: each planned table exists
 * in the target; has the rows the sync wrote (when known) or, excluded, none; and, when not
 * sampled, as many rows as the source has (matching the table's filter, if any: a filter that let
 * other rows in shows here; see {@link SourceReading} for what a difference means). One check per table that differs, after a summary check.
 */
export async function checkRowCounts(
  source: pg.ClientBase,
  target: pg.ClientBase,
  plan: SyncPlan,
  options: RowCountOptions,
): Promise<RowCountResult> {
  const checks: VerificationCheck[] = [];
  const rows = new Map<string, number>();
  let compared = 0;
  const differs = (check: Omit<VerificationCheck, 'name'>) =>
    checks.push({ name: 'row-counts', ...check });
  for (const table of plan.tables) {
    const name = formatQualifiedName(table.name);
    const unsampled = table.sample === undefined;
    if (options.inTarget && !options.inTarget.has(name)) {
      compared++;
      differs({ status: 'failed', table: name, detail: `${name} is missing in the target` });
      continue;
    }
    const count = await countRows(target, table.name);
    rows.set(name, count);
    const written = options.written?.get(name);
    if (written) {
      compared++;
      const expected = table.excluded
        ? 0
        : written.copiedRows + (written.parentsIncluded ?? 0) - written.orphansDropped;
      if (count !== expected) {
        differs({
          status: 'failed',
          table: name,
          count: Math.abs(count - expected),
          detail: `${name} has ${count} rows; the sync wrote ${expected}`,
        });
        continue;
      }
    } else if (table.excluded) {
      compared++;
      if (count > 0) {
        differs({
          status: 'failed',
          table: name,
          count,
          detail: `${name} is excluded by the profile but has ${count} rows in the target`,
        });
      }
      continue;
    } else if (unsampled) {
      compared++;
    }
    if (table.excluded || !unsampled) continue;
    const sourceRows = await countRows(source, table.name, table.filter);
    const matching = table.filter ? ' matching its filter' : '';
    // Inside a sync, compared with the rows read from the source (orphans were removed later).
    const copied = written ? written.copiedRows : count;
    if (sourceRows === copied) continue;
    const difference = Math.abs(sourceRows - copied);
    switch (options.reading) {
      case 'snapshot':
        differs({
          status: 'failed',
          table: name,
          count: difference,
          detail: `${name}: the source has ${sourceRows} rows${matching} in the snapshot, ${copied} were copied`,
        });
        break;
      case 'resumed':
        differs({
          status: 'warning',
          table: name,
          count: difference,
          detail: `${name}: the source now has ${sourceRows} rows${matching}, ${copied} were copied across the interrupted and the resumed run (the source changed in between)`,
        });
        break;
      case 'now':
        differs({
          status: count > sourceRows ? 'failed' : 'warning',
          table: name,
          count: difference,
          detail: `${name}: the source has ${sourceRows} rows${matching} now, the target ${count}${count > sourceRows ? '' : ' (the source may have changed since the sync)'}`,
        });
        break;
    }
  }
  checks.unshift({
    name: 'row-counts',
    status:
      checks.length === 0
        ? 'passed'
        : checks.some((c) => c.status === 'failed')
          ? 'failed'
          : 'warning',
    detail: `${compared - checks.length} of ${compared} tables have the expected number of rows`,
  });
  return { checks, rows };
}
