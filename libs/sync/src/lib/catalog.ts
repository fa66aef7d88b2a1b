import { formatQualifiedName, type QualifiedName } from '@confiture/domain';
import type { TypeCategory } from '@confiture/strategies';
import type pg from 'pg';

/** A column as the catalog describes it. */
export interface CatalogColumn {
  name: string;
  /** Attribute number (1-based; gaps where columns were dropped). */
  position: number;
  /** `format_type()` text, e.g. `character varying(255)`, `text[]`, `public.mood`. */
  type: string;
  /** Category of the value, or of each element for arrays (domains resolve to their base type). */
  category: TypeCategory;
  isArray: boolean;
  notNull: boolean;
  hasDefault: boolean;
  /** `always` / `by-default` for identity columns. */
  identity?: 'always' | 'by-default';
  /** Generated (stored) columns are computed by the target and never copied. */
  generated: boolean;
  /** Declared length of varchar(n)/char(n). */
  maxLength?: number;
  /**
   * A built-in type with binary send and receive functions (an array's elements too: `aclitem[]`
   * has them, `aclitem` not): COPY can carry it in binary format between servers of the same major
   * version.
   */
  binaryCopy: boolean;
  comment?: string;
}

/** A foreign key of a table. */
export interface CatalogForeignKey {
  name: string;
  columns: string[];
  references: QualifiedName;
  referencedColumns: string[];
}

/** A table (or partition) and its keys. */
export interface CatalogTable {
  name: QualifiedName;
  oid: number;
  kind: 'table' | 'partitioned' | 'partition';
  /** The partitioned table this is a partition of. */
  parent?: QualifiedName;
  columns: CatalogColumn[];
  primaryKey?: string[];
  /** Column sets that are unique (unique constraints and full unique indexes). */
  uniqueKeys: string[][];
  foreignKeys: CatalogForeignKey[];
  /** The planner's estimate; -1 when the table was never analysed. */
  estimatedRows: number;
  sizeBytes: number;
  comment?: string;
}

/** Every user table of a database. */
export interface DatabaseCatalog {
  database: string;
  /** `server_version_num`, e.g. 150020. */
  serverVersion: number;
  sizeBytes: number;
  tables: CatalogTable[];
}

/** Schemas never copied: PostgreSQL's own and Confiture's bookkeeping. */
export const SYSTEM_SCHEMAS = ['pg_catalog', 'information_schema', 'confiture'] as const;

/**
 * SQL condition: the schema row `namespace` (a pg_namespace alias) is a user schema, i.e. not one
 * of {@link SYSTEM_SCHEMAS}, a TOAST or a temporary schema.
 */
export function userSchemaCondition(namespace = 'n'): string {
  return `
  ${namespace}.nspname NOT IN ('pg_catalog', 'information_schema', 'confiture')
  AND ${namespace}.nspname NOT LIKE 'pg\\_toast%' AND ${namespace}.nspname NOT LIKE 'pg\\_temp\\_%'`;
}

/**
 * SQL condition: the object `oid` of system catalog `catalog` (e.g. `pg_class`) is not owned by an
 * extension. Such objects (e.g. PostGIS's spatial_ref_sys) are recreated by the extension.
 */
export function notExtensionMemberCondition(catalog: string, oid: string): string {
  return `NOT EXISTS (
  SELECT 1 FROM pg_depend member
  WHERE member.classid = '${catalog}'::regclass AND member.objid = ${oid} AND member.deptype = 'e')`;
}

const SCHEMA_FILTER = userSchemaCondition('n');

const NOT_EXTENSION_MEMBER = notExtensionMemberCondition('pg_class', 'c.oid');

/**
 * Reads tables, columns and keys of every user schema. Runs a handful of catalog queries whatever
 * the number of tables.
 */
export async function readCatalog(client: pg.ClientBase): Promise<DatabaseCatalog> {
  const meta = await client.query<{ database: string; version: string; size: string }>(
    `SELECT current_database() AS database, current_setting('server_version_num') AS version,
            pg_database_size(current_database())::text AS size`,
  );
  const tables = await client.query<{
    oid: number;
    schema: string;
    name: string;
    relkind: string;
    relispartition: boolean;
    parent_schema: string | null;
    parent_name: string | null;
    estimated_rows: string;
    size_bytes: string;
    comment: string | null;
  }>(
    `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind,
            c.relispartition, pn.nspname AS parent_schema, p.relname AS parent_name,
            c.reltuples::bigint::text AS estimated_rows,
            pg_total_relation_size(c.oid)::text AS size_bytes,
            obj_description(c.oid, 'pg_class') AS comment
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_inherits i ON i.inhrelid = c.oid AND c.relispartition
       LEFT JOIN pg_class p ON p.oid = i.inhparent
       LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace
      WHERE c.relkind IN ('r', 'p') AND ${SCHEMA_FILTER} AND ${NOT_EXTENSION_MEMBER}
      ORDER BY n.nspname, c.relname`,
  );
  const columns = await client.query<{
    table_oid: number;
    name: string;
    position: number;
    type: string;
    typcategory: string;
    typname: string;
    is_array: boolean;
    not_null: boolean;
    has_default: boolean;
    identity: string;
    generated: string;
    typmod: number;
    binary_copy: boolean;
    comment: string | null;
  }>(
    `SELECT a.attrelid::int AS table_oid, a.attname AS name, a.attnum::int AS position,
            format_type(a.atttypid, a.atttypmod) AS type,
            base.typcategory::text AS typcategory, base.typname::text AS typname,
            (t.typcategory = 'A' OR bt.typcategory = 'A') AS is_array,
            a.attnotnull AS not_null, a.atthasdef AS has_default,
            a.attidentity::text AS identity, a.attgenerated::text AS generated,
            a.atttypmod AS typmod, col_description(a.attrelid, a.attnum) AS comment,
            (a.atttypid < 16384 AND t.typsend::oid <> 0 AND t.typreceive::oid <> 0
             AND base.typsend::oid <> 0 AND base.typreceive::oid <> 0) AS binary_copy
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type t ON t.oid = a.atttypid
       -- resolve a domain to its base type, then an array to its element type
       LEFT JOIN pg_type bt ON bt.oid = NULLIF(t.typbasetype, 0)
       JOIN pg_type scalar ON scalar.oid = COALESCE(bt.oid, t.oid)
       JOIN pg_type base ON base.oid = CASE WHEN scalar.typelem <> 0 AND scalar.typcategory = 'A'
                                            THEN scalar.typelem ELSE scalar.oid END
      WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND ${SCHEMA_FILTER}
      ORDER BY a.attrelid, a.attnum`,
  );
  const constraints = await client.query<{
    table_oid: number;
    name: string;
    contype: string;
    columns: string[];
    ref_schema: string | null;
    ref_name: string | null;
    ref_columns: string[] | null;
  }>(
    `SELECT con.conrelid::int AS table_oid, con.conname AS name, con.contype::text AS contype,
            ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                  ORDER BY k.ord) AS columns,
            rn.nspname AS ref_schema, rc.relname AS ref_name,
            CASE WHEN con.contype = 'f' THEN
              ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                    ORDER BY k.ord) END AS ref_columns
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_class rc ON rc.oid = con.confrelid
       LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
      WHERE con.contype IN ('p', 'u', 'f') AND ${SCHEMA_FILTER}
        -- a partition inherits its parent's foreign keys; keep only the parent's
        AND (con.contype <> 'f' OR con.conparentid = 0)
      ORDER BY con.conrelid, con.conname`,
  );
  const uniqueIndexes = await client.query<{ table_oid: number; columns: string[] }>(
    `SELECT i.indrelid::int AS table_oid,
            ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                  ORDER BY k.ord) AS columns
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL AND ${SCHEMA_FILTER}`,
  );

  const byOid = new Map<number, CatalogTable>();
  const result: CatalogTable[] = [];
  for (const row of tables.rows) {
    const table: CatalogTable = {
      name: { schema: row.schema, name: row.name },
      oid: row.oid,
      kind: row.relkind === 'p' ? 'partitioned' : row.relispartition ? 'partition' : 'table',
      ...(row.parent_schema && row.parent_name
        ? { parent: { schema: row.parent_schema, name: row.parent_name } }
        : {}),
      columns: [],
      uniqueKeys: [],
      foreignKeys: [],
      estimatedRows: Number(row.estimated_rows),
      sizeBytes: Number(row.size_bytes),
      ...(row.comment ? { comment: row.comment } : {}),
    };
    byOid.set(row.oid, table);
    result.push(table);
  }
  for (const row of columns.rows) {
    const table = byOid.get(row.table_oid);
    if (!table) continue;
    const maxLength =
      row.typmod > 4 && ['varchar', 'bpchar'].includes(row.typname) ? row.typmod - 4 : undefined;
    table.columns.push({
      name: row.name,
      position: row.position,
      type: row.type,
      category: categorize(row.typcategory, row.typname),
      isArray: row.is_array,
      notNull: row.not_null,
      hasDefault: row.has_default,
      ...(row.identity === 'a' ? { identity: 'always' as const } : {}),
      ...(row.identity === 'd' ? { identity: 'by-default' as const } : {}),
      generated: row.generated === 's' || row.generated === 'v',
      ...(maxLength !== undefined && !row.is_array ? { maxLength } : {}),
      binaryCopy: row.binary_copy,
      ...(row.comment ? { comment: row.comment } : {}),
    });
  }
  for (const row of constraints.rows) {
    const table = byOid.get(row.table_oid);
    if (!table) continue;
    if (row.contype === 'p') table.primaryKey = row.columns;
    if (row.contype === 'p' || row.contype === 'u') addUnique(table, row.columns);
    if (row.contype === 'f' && row.ref_schema && row.ref_name && row.ref_columns) {
      table.foreignKeys.push({
        name: row.name,
        columns: row.columns,
        references: { schema: row.ref_schema, name: row.ref_name },
        referencedColumns: row.ref_columns,
      });
    }
  }
  for (const row of uniqueIndexes.rows) {
    const table = byOid.get(row.table_oid);
    if (table) addUnique(table, row.columns);
  }
  const first = meta.rows[0]!;
  return {
    database: first.database,
    serverVersion: Number(first.version),
    sizeBytes: Number(first.size),
    tables: result,
  };
}

/** The table called `name`, if the catalog has it. */
export function findTable(catalog: DatabaseCatalog, name: QualifiedName): CatalogTable | undefined {
  return catalog.tables.find((t) => t.name.schema === name.schema && t.name.name === name.name);
}

/** Whether `column` alone is unique in `table` (primary key or unique constraint/index on it alone). */
export function isUniqueColumn(table: CatalogTable, column: string): boolean {
  return table.uniqueKeys.some((key) => key.length === 1 && key[0] === column);
}

/** `schema.table` for messages. */
export function tableLabel(table: CatalogTable): string {
  return formatQualifiedName(table.name);
}

function addUnique(table: CatalogTable, columns: string[]): void {
  const key = columns.join('\u0000');
  if (!table.uniqueKeys.some((existing) => existing.join('\u0000') === key))
    table.uniqueKeys.push(columns);
}

function categorize(typcategory: string, typname: string): TypeCategory {
  switch (typname) {
    case 'int2':
    case 'int4':
    case 'int8':
      return 'integer';
    case 'numeric':
      return 'numeric';
    case 'float4':
    case 'float8':
      return 'float';
    case 'date':
      return 'date';
    case 'timestamp':
      return 'timestamp';
    case 'timestamptz':
      return 'timestamptz';
    case 'bool':
      return 'boolean';
    case 'json':
      return 'json';
    case 'jsonb':
      return 'jsonb';
    case 'uuid':
      return 'uuid';
    case 'inet':
    case 'cidr':
      return 'inet';
    case 'bytea':
      return 'bytea';
  }
  if (typcategory === 'S') return 'text';
  if (typcategory === 'E') return 'enum';
  return 'other';
}
