import type { QualifiedName } from '@confiture/domain';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { commentNode } from './comments';
import { objectKey, type ReadContext, type SchemaNode, type SchemaPart } from './schema-node';
import { label, qualified } from './sql-text';

/**
 * Indexes that no constraint creates (those come with their constraint), as pg_get_indexdef writes
 * them (`ON ONLY` for a partitioned table's own index); a partition's index is attached to its
 * parent's. Invalid indexes (a failed CREATE INDEX CONCURRENTLY) are left out.
 */
export async function readIndexes({ client }: ReadContext): Promise<SchemaPart> {
  const { rows } = await client.query<
    {
      oid: number;
      schema: string;
      name: string;
      relid: number;
      table_name: string;
      definition: string;
      comment: string | null;
    } & ParentIndexRow
  >(
    `SELECT ic.oid::int AS oid, n.nspname AS schema, ic.relname AS name, c.oid::int AS relid,
            c.relname AS table_name, pg_get_indexdef(ic.oid) AS definition,
            ${PARENT_INDEX_COLUMNS},
            obj_description(ic.oid, 'pg_class') AS comment
       FROM pg_index x
       JOIN pg_class ic ON ic.oid = x.indexrelid
       JOIN pg_class c ON c.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       ${parentIndexJoins('ic.oid')}
      WHERE c.relkind IN ('r', 'p', 'm') AND (x.indisvalid OR ic.relkind = 'I')
        AND ${userSchemaCondition('n')} AND ${notExtensionMemberCondition('pg_class', 'c.oid')}
        AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                         WHERE con.conindid = x.indexrelid AND con.conrelid = x.indrelid
                           AND con.contype IN ('p', 'u', 'x'))`,
  );
  const nodes = rows.flatMap((row): SchemaNode[] => {
    const key = objectKey('pg_class', row.oid);
    const table = { schema: row.schema, name: row.table_name };
    const object = label(row.schema, row.name);
    return [
      {
        key,
        dependsOn: [objectKey('pg_class', row.relid)],
        statement: { phase: 'post-data', kind: 'index', object, table, sql: row.definition },
      },
      ...attachIndexNodes(key, { schema: row.schema, name: row.name }, table, row),
      ...commentNode(
        {
          key,
          sqlName: `INDEX ${qualified(row.schema, row.name)}`,
          label: object,
          phase: 'post-data',
          table,
        },
        row.comment,
      ),
    ];
  });
  return { nodes, represents: [] };
}

/** SQL columns `parent_index_oid` and `parent_index` (`[schema, name]`), given {@link parentIndexJoins}. */
export const PARENT_INDEX_COLUMNS = `pi.inhparent::int AS parent_index_oid,
            CASE WHEN pi.inhparent IS NOT NULL
                 THEN ARRAY[pin.nspname::text, pic.relname::text] END AS parent_index`;

/** SQL joins finding the partitioned index that index `index` (an oid expression) is attached to. */
export function parentIndexJoins(index: string): string {
  return `LEFT JOIN pg_inherits pi ON pi.inhrelid = ${index}
       LEFT JOIN pg_class pic ON pic.oid = pi.inhparent
       LEFT JOIN pg_namespace pin ON pin.oid = pic.relnamespace`;
}

/** What {@link PARENT_INDEX_COLUMNS} gives. */
export interface ParentIndexRow {
  parent_index_oid: number | null;
  parent_index: string[] | null;
}

/**
 * `ALTER INDEX parent ATTACH PARTITION child`, once both indexes exist; nothing when `parent`
 * says the index is attached to none.
 */
export function attachIndexNodes(
  /** Key of the node creating the partition's index (an index or a constraint). */
  key: string,
  index: QualifiedName,
  table: QualifiedName,
  parent: ParentIndexRow,
): SchemaNode[] {
  if (!parent.parent_index_oid || !parent.parent_index) return [];
  const [parentSchema, parentName] = parent.parent_index as [string, string];
  return [
    {
      key: `attach:${key}`,
      dependsOn: [key, objectKey('pg_class', parent.parent_index_oid)],
      statement: {
        phase: 'post-data',
        kind: 'index-attach',
        object: `${label(index.schema, index.name)} to ${label(parentSchema, parentName)}`,
        table,
        sql: `ALTER INDEX ${qualified(parentSchema, parentName)} ATTACH PARTITION ${qualified(index.schema, index.name)}`,
      },
    },
  ];
}
