import { quoteIdent, type QualifiedName } from '@confiture/domain';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { commentNode } from './comments';
import { groupBy } from './group-by';
import { defaultNotNullName } from './not-null-name';
import { objectKey, type ReadContext, type SchemaNode, type SchemaPart } from './schema-node';
import { SEQUENCE_OPTION_COLUMNS, sequenceOptionsSql, type SequenceOptions } from './sequences';
import {
  collateClause,
  collationIfNotDefault,
  label,
  labelPart,
  qualified,
  genericOptions,
  storageParameters,
} from './sql-text';

interface TableRow {
  oid: number;
  schema_oid: number;
  schema: string;
  name: string;
  kind: 'r' | 'p' | 'f';
  unlogged: boolean;
  /** `CREATE TABLE ... OF type`: the composite type, or null. */
  of_type: string | null;
  /** The table access method when it is not heap. */
  access_method: string | null;
  /** Foreign tables: the server and the table's options. */
  server: string | null;
  foreign_options: string[] | null;
  row_type: number;
  options: string[];
  toast_options: string[];
  partition_key: string | null;
  partition_bound: string | null;
  parents: number[];
  comment: string | null;
}

interface ColumnRow extends Partial<SequenceOptions> {
  relid: number;
  num: number;
  name: string;
  type: string;
  not_null: boolean;
  identity: '' | 'a' | 'd';
  generated: '' | 's' | 'v';
  is_local: boolean;
  collation: string[] | null;
  default_oid: number | null;
  default_expr: string | null;
  comment: string | null;
  /** A foreign table's column options. */
  fdw_options: string[] | null;
  identity_sequence_oid: number | null;
  identity_sequence_schema: string | null;
  identity_sequence_name: string | null;
}

interface ConstraintRow {
  oid: number;
  relid: number;
  name: string;
  type: 'c' | 'n';
  definition: string;
  validated: boolean;
  is_local: boolean;
  no_inherit: boolean;
  column_num: number | null;
  comment: string | null;
}

/** A table being written: what a column or constraint clause needs to know about it. */
interface TableContext {
  row: TableRow;
  sqlName: string;
  object: string;
  table: QualifiedName;
  key: string;
  notNullOf: Map<number, ConstraintRow>;
}

/**
 * Tables, partitioned tables and their partitions (as `PARTITION OF`, sub-partitions included),
 * inheritance children (`INHERITS`), typed tables (`OF type`), foreign tables (their definition:
 * server and options; their rows are not copied), with columns, defaults, identity and generated
 * columns, collations, NOT NULL and CHECK constraints, access method, storage parameters and
 * comments. Keys, indexes and foreign keys are post-data (constraints.ts, indexes.ts); column
 * settings (statistics, storage, compression) are column-settings.ts.
 */
export async function readTables(context: ReadContext): Promise<SchemaPart> {
  const { tables, columns, constraints } = await readTableCatalog(context);
  const byOid = new Map(tables.map((row) => [row.oid, row]));
  const columnsOf = groupBy(columns, (row) => row.relid);
  const constraintsOf = groupBy(constraints, (row) => row.relid);

  const nodes: SchemaNode[] = [];
  const represents: Array<[string, string]> = [];
  for (const row of tables) {
    const key = objectKey('pg_class', row.oid);
    const table = { schema: row.schema, name: row.name };
    const own = constraintsOf.get(row.oid) ?? [];
    const t: TableContext = {
      row,
      sqlName: qualified(row.schema, row.name),
      object: label(row.schema, row.name),
      table,
      key,
      notNullOf: new Map(
        own.filter((c) => c.type === 'n' && c.column_num).map((c) => [c.column_num!, c]),
      ),
    };
    const cols = columnsOf.get(row.oid) ?? [];
    const parents = row.parents.map((oid) => byOid.get(oid));
    const knownParents = parents.every((p) => p !== undefined) ? (parents as TableRow[]) : [];
    const parentColumns = new Map<string, ColumnRow>();
    for (const parent of knownParents) {
      for (const column of columnsOf.get(parent.oid) ?? []) {
        if (!parentColumns.has(column.name)) parentColumns.set(column.name, column);
      }
    }
    const isPartition = row.partition_bound !== null && knownParents.length === 1;

    const elements: string[] = [];
    const after: SchemaNode[] = [];
    represents.push([objectKey('pg_type', row.row_type), key]);
    for (const column of cols) {
      const parentColumn = parentColumns.get(column.name);
      if (column.identity_sequence_oid) {
        represents.push([objectKey('pg_class', column.identity_sequence_oid), key]);
      }
      if (row.of_type !== null && !parentColumn) {
        // A typed table's columns are its type's: only what the table adds is written.
        elements.push(...typedColumnOptions(t, column));
        if (column.default_oid) represents.push([objectKey('pg_attrdef', column.default_oid), key]);
        continue;
      }
      // A partition's columns are its parent's (even when it was attached with columns of its
      // own); an inheritance child lists its own columns, merged ones included.
      if (!parentColumn || (column.is_local && !isPartition)) {
        elements.push(columnDefinition(t, column));
        if (column.default_oid) represents.push([objectKey('pg_attrdef', column.default_oid), key]);
        continue;
      }
      // An inherited column: the parent defines it; keep what differs on this table.
      const options: string[] = [];
      if (!column.generated && column.default_expr !== parentColumn.default_expr) {
        if (column.default_expr !== null && isPartition) {
          options.push(`DEFAULT ${column.default_expr}`);
          represents.push([objectKey('pg_attrdef', column.default_oid!), key]);
        } else {
          const defaultKey = `default:${key}:${column.name}`;
          const action =
            column.default_expr === null ? 'DROP DEFAULT' : `SET DEFAULT ${column.default_expr}`;
          after.push({
            key: defaultKey,
            dependsOn: [key],
            statement: {
              phase: 'pre-data',
              kind: 'column-default',
              object: `${t.object}.${labelPart(column.name)}`,
              table,
              sql: `ALTER TABLE ONLY ${t.sqlName} ALTER COLUMN ${quoteIdent(column.name)} ${action}`,
            },
          });
          if (column.default_oid)
            represents.push([objectKey('pg_attrdef', column.default_oid), defaultKey]);
        }
      }
      if (column.not_null && !parentColumn.not_null && isPartition) {
        const notNull = notNullClause(t, column);
        if (notNull) options.push(notNull);
      }
      if (options.length > 0)
        elements.push(`${quoteIdent(column.name)} WITH OPTIONS ${options.join(' ')}`);
    }

    for (const constraint of own) {
      if (constraint.type === 'n') {
        if (!constraint.validated && constraint.is_local) {
          after.push(separateConstraint(t, constraint));
        } else {
          represents.push([objectKey('pg_constraint', constraint.oid), key]);
        }
        continue;
      }
      if (!constraint.is_local) {
        represents.push([objectKey('pg_constraint', constraint.oid), key]);
      } else if (constraint.validated) {
        elements.push(`CONSTRAINT ${quoteIdent(constraint.name)} ${constraint.definition}`);
        represents.push([objectKey('pg_constraint', constraint.oid), key]);
      } else {
        // NOT VALID: rows of the source may break it; add it once the data is in.
        after.push(separateConstraint(t, constraint));
      }
      if (constraint.is_local) {
        after.push(
          ...commentNode(
            {
              key: constraint.validated ? key : objectKey('pg_constraint', constraint.oid),
              sqlName: `CONSTRAINT ${quoteIdent(constraint.name)} ON ${t.sqlName}`,
              label: `${labelPart(constraint.name)} on ${t.object}`,
              phase: constraint.validated ? 'pre-data' : 'post-data',
              table,
            },
            constraint.comment,
            `constraint:${constraint.name}`,
          ),
        );
      }
    }

    nodes.push(
      {
        key,
        dependsOn: [
          objectKey('pg_namespace', row.schema_oid),
          ...knownParents.map((p) => objectKey('pg_class', p.oid)),
        ],
        statement: {
          phase: 'pre-data',
          kind: row.kind === 'f' ? 'foreign-table' : isPartition ? 'partition' : 'table',
          object: t.object,
          table,
          sql: createTableSql(t, elements, knownParents, isPartition),
        },
      },
      ...commentNode(
        {
          key,
          sqlName: `${row.kind === 'f' ? 'FOREIGN TABLE' : 'TABLE'} ${t.sqlName}`,
          label: t.object,
          phase: 'pre-data',
          table,
        },
        row.comment,
      ),
      ...cols.flatMap((column) =>
        commentNode(
          {
            key,
            sqlName: `COLUMN ${t.sqlName}.${quoteIdent(column.name)}`,
            label: `${t.object}.${labelPart(column.name)}`,
            phase: 'pre-data',
            table,
          },
          column.comment,
          `column:${column.name}`,
        ),
      ),
      ...after,
    );
  }
  return { nodes, represents };
}

function createTableSql(
  t: TableContext,
  elements: string[],
  parents: TableRow[],
  isPartition: boolean,
): string {
  const { row } = t;
  const what =
    row.kind === 'f'
      ? 'FOREIGN TABLE'
      : row.unlogged && row.kind === 'r'
        ? 'UNLOGGED TABLE'
        : 'TABLE';
  const parts = [`CREATE ${what} ${t.sqlName}`];
  const body = elements.length > 0 ? ` (\n  ${elements.join(',\n  ')}\n)` : '';
  if (row.of_type !== null) {
    parts.push(`OF ${row.of_type}${body}`);
  } else if (isPartition) {
    const parent = parents[0]!;
    parts.push(
      `PARTITION OF ${qualified(parent.schema, parent.name)}${body}`,
      row.partition_bound!,
    );
  } else {
    parts.push(body ? body.slice(1) : '()');
    if (parents.length > 0) {
      parts.push(`INHERITS (${parents.map((p) => qualified(p.schema, p.name)).join(', ')})`);
    }
  }
  if (row.partition_key) parts.push(`PARTITION BY ${row.partition_key}`);
  if (row.access_method) parts.push(`USING ${quoteIdent(row.access_method)}`);
  if (row.server !== null) {
    parts.push(`SERVER ${quoteIdent(row.server)}${genericOptions(row.foreign_options)}`);
  }
  const options = [...row.options, ...row.toast_options.map((option) => `toast.${option}`)];
  if (options.length > 0) parts.push(`WITH (${storageParameters(options)})`);
  return parts.join(' ');
}

/** What a typed table adds to a column of its type: `c WITH OPTIONS DEFAULT ... NOT NULL`. */
function typedColumnOptions(t: TableContext, column: ColumnRow): string[] {
  const options: string[] = [];
  if (column.default_expr !== null) options.push(`DEFAULT ${column.default_expr}`);
  if (column.not_null) {
    const notNull = notNullClause(t, column);
    if (notNull) options.push(notNull);
  }
  return options.length > 0 ? [`${quoteIdent(column.name)} WITH OPTIONS ${options.join(' ')}`] : [];
}

function columnDefinition(t: TableContext, column: ColumnRow): string {
  let sql = `${quoteIdent(column.name)} ${column.type}${genericOptions(column.fdw_options)}${collateClause(column.collation)}`;
  if (column.generated) {
    sql += ` GENERATED ALWAYS AS (${column.default_expr}) ${column.generated === 'v' ? 'VIRTUAL' : 'STORED'}`;
  } else if (column.identity) {
    const sequence =
      column.identity_sequence_schema && column.identity_sequence_name
        ? `SEQUENCE NAME ${qualified(column.identity_sequence_schema, column.identity_sequence_name)} ${sequenceOptionsSql(column as SequenceOptions)}`
        : '';
    sql += ` GENERATED ${column.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY${sequence ? ` (${sequence})` : ''}`;
  } else if (column.default_expr !== null) {
    sql += ` DEFAULT ${column.default_expr}`;
  }
  if (column.not_null) {
    const notNull = notNullClause(t, column);
    if (notNull) sql += ` ${notNull}`;
  }
  return sql;
}

/**
 * `NOT NULL`, named when PostgreSQL 18+ keeps a name that is not the one it would choose; empty
 * when the constraint is NOT VALID (it is added after the data).
 */
function notNullClause(t: TableContext, column: ColumnRow): string {
  const constraint = t.notNullOf.get(column.num);
  if (!constraint) return 'NOT NULL';
  if (!constraint.validated) return '';
  const named =
    constraint.name === defaultNotNullName(t.row.name, column.name)
      ? ''
      : `CONSTRAINT ${quoteIdent(constraint.name)} `;
  return `${named}NOT NULL${constraint.no_inherit ? ' NO INHERIT' : ''}`;
}

/** `ALTER TABLE ... ADD CONSTRAINT` for a NOT VALID constraint, run after the data. */
function separateConstraint(t: TableContext, constraint: ConstraintRow): SchemaNode {
  return {
    key: objectKey('pg_constraint', constraint.oid),
    dependsOn: [t.key],
    statement: {
      phase: 'post-data',
      kind: 'check',
      object: `${labelPart(constraint.name)} on ${t.object}`,
      table: t.table,
      // Not ONLY: inheritance children and partitions get it too, as in the source.
      sql: `ALTER TABLE ${t.sqlName} ADD CONSTRAINT ${quoteIdent(constraint.name)} ${constraint.definition}`,
    },
  };
}

async function readTableCatalog({ client, serverVersion }: ReadContext) {
  const userTable = `c.relkind IN ('r', 'p', 'f') AND ${userSchemaCondition('n')}
        AND ${notExtensionMemberCondition('pg_class', 'c.oid')}`;
  const tables = await client.query<TableRow>(
    `SELECT c.oid::int AS oid, n.oid::int AS schema_oid, n.nspname AS schema, c.relname AS name,
            c.relkind::text AS kind, c.relpersistence = 'u' AS unlogged, c.reltype::int AS row_type,
            COALESCE(c.reloptions, '{}') AS options, COALESCE(tc.reloptions, '{}') AS toast_options,
            CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
            CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
            ARRAY(SELECT i.inhparent::int FROM pg_inherits i
                   WHERE i.inhrelid = c.oid ORDER BY i.inhseqno) AS parents,
            CASE WHEN c.reloftype <> 0 THEN format_type(c.reloftype, NULL) END AS of_type,
            CASE WHEN am.amname <> 'heap' THEN am.amname END AS access_method,
            fs.srvname AS server, ft.ftoptions AS foreign_options,
            obj_description(c.oid, 'pg_class') AS comment
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_class tc ON tc.oid = c.reltoastrelid
       LEFT JOIN pg_am am ON am.oid = c.relam
       LEFT JOIN pg_foreign_table ft ON ft.ftrelid = c.oid
       LEFT JOIN pg_foreign_server fs ON fs.oid = ft.ftserver
      WHERE ${userTable}`,
  );
  const columns = await client.query<ColumnRow>(
    `SELECT a.attrelid::int AS relid, a.attnum::int AS num, a.attname AS name,
            format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
            a.attidentity::text AS identity, a.attgenerated::text AS generated,
            a.attislocal AS is_local,
            ${collationIfNotDefault('a.attcollation', 't.typcollation')} AS collation,
            ad.oid::int AS default_oid, pg_get_expr(ad.adbin, ad.adrelid) AS default_expr,
            col_description(a.attrelid, a.attnum) AS comment, a.attfdwoptions AS fdw_options,
            seq.oid::int AS identity_sequence_oid, seqn.nspname AS identity_sequence_schema,
            seq.relname AS identity_sequence_name, ${SEQUENCE_OPTION_COLUMNS}
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
       LEFT JOIN pg_depend d
              ON a.attidentity <> '' AND d.classid = 'pg_class'::regclass
             AND d.refclassid = 'pg_class'::regclass AND d.refobjid = a.attrelid
             AND d.refobjsubid = a.attnum AND d.deptype = 'i'
       LEFT JOIN pg_sequence s ON s.seqrelid = d.objid
       LEFT JOIN pg_class seq ON seq.oid = s.seqrelid
       LEFT JOIN pg_namespace seqn ON seqn.oid = seq.relnamespace
      WHERE a.attnum > 0 AND NOT a.attisdropped AND ${userTable}
      ORDER BY a.attrelid, a.attnum`,
  );
  // PostgreSQL 18 keeps NOT NULL constraints in pg_constraint, with a name.
  const constraintTypes = serverVersion >= 180000 ? `('c', 'n')` : `('c')`;
  const constraints = await client.query<ConstraintRow>(
    `SELECT con.oid::int AS oid, con.conrelid::int AS relid, con.conname AS name,
            con.contype::text AS type, pg_get_constraintdef(con.oid) AS definition,
            con.convalidated AS validated, con.conislocal AS is_local,
            con.connoinherit AS no_inherit, con.conkey[1]::int AS column_num,
            obj_description(con.oid, 'pg_constraint') AS comment
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE con.contype IN ${constraintTypes} AND ${userTable}
      ORDER BY con.conrelid, con.conname`,
  );
  return { tables: tables.rows, columns: columns.rows, constraints: constraints.rows };
}
