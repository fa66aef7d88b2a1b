import {
  formatQualifiedName,
  quoteIdent,
  quoteQualified,
  sameName,
  type QualifiedName,
} from '@confiture/domain';
import type pg from 'pg';
import type { CatalogForeignKey, CatalogTable, DatabaseCatalog } from '../catalog';

/**
 * One row's physical address in the current snapshot: the partition (or table) oid and the ctid.
 * Stable inside one transaction, which is where a {@link RowSet} may be used.
 */
export interface RowAddress {
  tableoid: number;
  ctid: string;
}

/** The rows of one table (a partitioned table's rows are kept under the partitioned table). */
export interface RowSet {
  table: CatalogTable;
  rows: RowAddress[];
}

/** Rows a walk starts from, chosen by a SQL condition on `t` (the table's alias). */
export interface RowSeed {
  table: QualifiedName;
  /** SQL condition over the alias `t`, with `$1..$n` placeholders for `params`. */
  where: string;
  params: unknown[];
}

/** Options of {@link collectReferencingRows}. */
export interface ReferencingRowsOptions {
  /** Tables the walk never enters through a foreign key (e.g. the root of other data subjects). */
  stopAt?: QualifiedName[];
  /** Addresses sent per query (default 5000). */
  batchSize?: number;
}

/**
 * The seed rows and every row that references one of them through a foreign key, transitively:
 * composite keys join on every column, self-references and cycles stop on rows already found.
 * Runs on the database (one join per foreign key and frontier batch); only the addresses of the
 * rows found are held in memory, never a table's content. Call it inside a REPEATABLE READ
 * transaction and use the addresses in the same one.
 */
export async function collectReferencingRows(
  client: pg.ClientBase,
  catalog: DatabaseCatalog,
  seeds: RowSeed[],
  options: ReferencingRowsOptions = {},
): Promise<RowSet[]> {
  const batchSize = options.batchSize ?? 5000;
  const walked = catalog.tables.filter((t) => t.kind !== 'partition');
  const byKey = new Map<string, { table: CatalogTable; seen: Set<string>; rows: RowAddress[] }>();
  const entry = (table: CatalogTable) => {
    const key = formatQualifiedName(table.name);
    let found = byKey.get(key);
    if (!found) {
      found = { table, seen: new Set(), rows: [] };
      byKey.set(key, found);
    }
    return found;
  };
  let frontier = new Map<string, { table: CatalogTable; rows: RowAddress[] }>();
  const add = (table: CatalogTable, rows: RowAddress[], next: typeof frontier) => {
    const found = entry(table);
    const fresh = rows.filter((row) => {
      const id = `${row.tableoid}/${row.ctid}`;
      if (found.seen.has(id)) return false;
      found.seen.add(id);
      return true;
    });
    if (fresh.length === 0) return;
    found.rows.push(...fresh);
    const key = formatQualifiedName(table.name);
    const pending = next.get(key) ?? { table, rows: [] };
    pending.rows.push(...fresh);
    next.set(key, pending);
  };
  for (const seed of seeds) {
    const table = walked.find((t) => sameName(t.name, seed.table));
    if (!table)
      throw new Error(`collectReferencingRows: no table ${formatQualifiedName(seed.table)}`);
    const result = await client.query<{ o: number; c: string }>(
      `SELECT t.tableoid::int AS o, t.ctid::text AS c FROM ${quoteQualified(table.name)} t WHERE ${seed.where}`,
      seed.params,
    );
    add(table, result.rows.map(toAddress), frontier);
  }
  const stopAt = options.stopAt ?? [];
  while (frontier.size > 0) {
    const next: typeof frontier = new Map();
    for (const { table: parent, rows } of frontier.values()) {
      for (const child of walked) {
        if (stopAt.some((s) => sameName(s, child.name))) continue;
        for (const fk of child.foreignKeys) {
          if (!sameName(fk.references, parent.name)) continue;
          for (let i = 0; i < rows.length; i += batchSize) {
            const batch = rows.slice(i, i + batchSize);
            const result = await client.query<{ o: number; c: string }>(
              childQuery(child, parent, fk),
              [batch.map((r) => r.tableoid), batch.map((r) => r.ctid)],
            );
            add(child, result.rows.map(toAddress), next);
          }
        }
      }
    }
    frontier = next;
  }
  return [...byKey.values()].map(({ table, rows }) => ({ table, rows }));
}

/** SQL: the rows of `child` whose `fk` points at one of the addresses `$1, $2` of `parent`. */
function childQuery(child: CatalogTable, parent: CatalogTable, fk: CatalogForeignKey): string {
  const join = fk.columns
    .map((column, i) => `c.${quoteIdent(column)} = p.${quoteIdent(fk.referencedColumns[i]!)}`)
    .join(' AND ');
  return `SELECT DISTINCT c.tableoid::int AS o, c.ctid::text AS c
    FROM ${quoteQualified(child.name)} c
    JOIN ${quoteQualified(parent.name)} p ON ${join}
   WHERE (p.tableoid, p.ctid) IN (SELECT * FROM unnest($1::oid[], $2::tid[]))`;
}

/** A condition on alias `alias` selecting the rows of `addresses` (`$first`, `$first+1`). */
export function rowAddressCondition(alias: string, first = 1): string {
  return `(${alias}.tableoid, ${alias}.ctid) IN (SELECT * FROM unnest($${first}::oid[], $${first + 1}::tid[]))`;
}

function toAddress(row: { o: number; c: string }): RowAddress {
  return { tableoid: row.o, ctid: row.c };
}
