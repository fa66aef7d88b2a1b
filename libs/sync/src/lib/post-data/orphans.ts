import {
  formatQualifiedName,
  quoteIdent,
  quoteQualified,
  type QualifiedName,
} from '@confiture/domain';
import type pg from 'pg';
import type { CatalogForeignKey, DatabaseCatalog } from '../catalog';

/** Rows removed from a table because the rows they referenced were not copied. */
export type OrphanCounts = Map<string, number>;

/**
 * Enforces the "drop" orphan policy in the target, before foreign keys are created: deletes rows
 * whose referenced row was left out (by a filter, a sample, an exclusion or `--tables`), then rows
 * that referenced those, until nothing changes. Only foreign keys whose referenced table lost rows
 * are checked: in one consistent snapshot, a full copy of both sides cannot have orphans.
 *
 * @param reduced tables that did not receive all their source rows
 * @returns deleted rows per leaf table (`schema.table`)
 */
export async function dropOrphans(
  target: pg.ClientBase,
  catalog: DatabaseCatalog,
  reduced: ReadonlySet<string>,
): Promise<OrphanCounts> {
  const counts: OrphanCounts = new Map();
  const lost = new Set(reduced);
  // A partitioned table lost rows when any of its partitions did.
  const markLost = (name: QualifiedName) => {
    lost.add(formatQualifiedName(name));
    const table = catalog.tables.find(
      (t) => t.name.schema === name.schema && t.name.name === name.name,
    );
    if (table?.parent) markLost(table.parent);
  };
  for (const name of reduced) {
    const table = catalog.tables.find((t) => formatQualifiedName(t.name) === name);
    if (table) markLost(table.name);
  }
  const edges: { table: QualifiedName; fk: CatalogForeignKey }[] = catalog.tables.flatMap((table) =>
    table.foreignKeys.map((fk) => ({ table: table.name, fk })),
  );
  for (let changed = true; changed;) {
    changed = false;
    for (const { table, fk } of edges) {
      if (!lost.has(formatQualifiedName(fk.references))) continue;
      const deleted = await deleteOrphans(target, table, fk);
      for (const [leaf, n] of deleted) {
        counts.set(leaf, (counts.get(leaf) ?? 0) + n);
        const leafTable = catalog.tables.find((t) => formatQualifiedName(t.name) === leaf);
        if (leafTable) markLost(leafTable.name);
        else lost.add(leaf);
        changed = true;
      }
    }
  }
  return counts;
}

async function deleteOrphans(
  target: pg.ClientBase,
  table: QualifiedName,
  fk: CatalogForeignKey,
): Promise<Map<string, number>> {
  const notNull = fk.columns.map((c) => `c.${quoteIdent(c)} IS NOT NULL`).join(' AND ');
  const matches = fk.columns
    .map((c, i) => `p.${quoteIdent(fk.referencedColumns[i]!)} = c.${quoteIdent(c)}`)
    .join(' AND ');
  const { rows } = await target.query<{ schema: string; name: string; n: string }>(
    `WITH deleted AS (
       DELETE FROM ${quoteQualified(table)} AS c
        WHERE ${notNull}
          AND NOT EXISTS (SELECT 1 FROM ${quoteQualified(fk.references)} AS p WHERE ${matches})
       RETURNING c.tableoid)
     SELECT n.nspname AS schema, k.relname AS name, d.n::text AS n
       FROM (SELECT tableoid, count(*) AS n FROM deleted GROUP BY tableoid) d
       JOIN pg_class k ON k.oid = d.tableoid
       JOIN pg_namespace n ON n.oid = k.relnamespace`,
  );
  return new Map(
    rows.map((r) => [formatQualifiedName({ schema: r.schema, name: r.name }), Number(r.n)]),
  );
}
