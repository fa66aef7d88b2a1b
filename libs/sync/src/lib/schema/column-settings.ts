import { quoteIdent } from '@confiture/domain';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { objectKey, type ReadContext, type SchemaNode, type SchemaPart } from './schema-node';
import { label, labelPart, qualified, storageParameters } from './sql-text';

const STORAGE: Record<string, string> = { p: 'PLAIN', e: 'EXTERNAL', m: 'MAIN', x: 'EXTENDED' };
const COMPRESSION: Record<string, string> = { p: 'pglz', l: 'lz4' };
const RELATION: Record<string, string> = {
  r: 'TABLE ONLY',
  p: 'TABLE ONLY',
  f: 'FOREIGN TABLE ONLY',
  m: 'MATERIALIZED VIEW',
  i: 'INDEX',
  I: 'INDEX',
};

/**
 * A column's options (`n_distinct`, ...), NULL when none; names starting with `pg_` are left out:
 * some builds of PostgreSQL keep bookkeeping of their own there (`pg_attver`), which pg_dump
 * does not write either.
 */
const OPTIONS = `(SELECT array_agg(o) FROM unnest(a.attoptions) AS o WHERE o NOT LIKE 'pg\\_%')`;

/**
 * Per-column settings that `CREATE TABLE` cannot say, as pg_dump writes them after the table:
 * statistics targets (`SET STATISTICS`, on index expression columns too, by number), storage other
 * than the type's (`SET STORAGE`), compression (`SET COMPRESSION`) and attribute options
 * (`SET (n_distinct = ...)`). Index settings are post-data, after their index.
 */
export async function readColumnSettings({
  client,
  serverVersion,
}: ReadContext): Promise<SchemaPart> {
  // PostgreSQL 17 made an unset statistics target NULL (it was -1).
  const statistics = serverVersion >= 170000 ? 'a.attstattarget' : 'NULLIF(a.attstattarget, -1)';
  const { rows } = await client.query<{
    relid: number;
    relkind: string;
    schema: string;
    rel_name: string;
    table_name: string;
    num: number;
    name: string;
    statistics: number | null;
    storage: string | null;
    compression: string | null;
    options: string[] | null;
  }>(
    `SELECT c.oid::int AS relid, c.relkind::text AS relkind, n.nspname AS schema,
            c.relname AS rel_name, COALESCE(tc.relname, c.relname) AS table_name,
            a.attnum::int AS num, a.attname AS name, ${statistics}::int AS statistics,
            CASE WHEN a.attstorage <> t.typstorage AND c.relkind NOT IN ('i', 'I')
                 THEN a.attstorage::text END AS storage,
            CASE WHEN c.relkind NOT IN ('i', 'I') THEN NULLIF(a.attcompression::text, '') END
              AS compression,
            CASE WHEN c.relkind NOT IN ('i', 'I') THEN ${OPTIONS} END AS options
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_index x ON x.indexrelid = c.oid
       LEFT JOIN pg_class tc ON tc.oid = x.indrelid
      WHERE a.attnum > 0 AND NOT a.attisdropped
        AND c.relkind IN ('r', 'p', 'f', 'm', 'i', 'I')
        AND (${statistics} IS NOT NULL OR a.attstorage <> t.typstorage
             OR a.attcompression <> '' OR ${OPTIONS} IS NOT NULL)
        AND ${userSchemaCondition('n')} AND ${notExtensionMemberCondition('pg_class', 'COALESCE(tc.oid, c.oid)')}
      ORDER BY c.oid, a.attnum`,
  );
  const nodes: SchemaNode[] = [];
  for (const row of rows) {
    const isIndex = row.relkind === 'i' || row.relkind === 'I';
    const relation = `${RELATION[row.relkind]} ${qualified(row.schema, row.rel_name)}`;
    // An index column has no name of its own to set: it is named by its number.
    const column = isIndex ? String(row.num) : quoteIdent(row.name);
    const changes = [
      ...(row.statistics !== null ? [`SET STATISTICS ${row.statistics}`] : []),
      ...(row.storage ? [`SET STORAGE ${STORAGE[row.storage]}`] : []),
      ...(row.compression && COMPRESSION[row.compression]
        ? [`SET COMPRESSION ${COMPRESSION[row.compression]}`]
        : []),
      ...(row.options ? [`SET (${storageParameters(row.options)})`] : []),
    ];
    const key = objectKey('pg_class', row.relid);
    changes.forEach((change, i) => {
      nodes.push({
        key: `setting:${key}:${row.num}:${i}`,
        dependsOn: [key],
        statement: {
          phase: isIndex ? 'post-data' : 'pre-data',
          kind: 'column-setting',
          object: `${label(row.schema, row.rel_name)}.${isIndex ? column : labelPart(row.name)}`,
          table: { schema: row.schema, name: row.table_name },
          sql: `ALTER ${relation} ALTER COLUMN ${column} ${change}`,
        },
      });
    });
  }
  return { nodes, represents: [] };
}
