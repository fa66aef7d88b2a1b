import { quoteIdent } from '@confiture/domain';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { commentNode } from './comments';
import {
  attachIndexNodes,
  PARENT_INDEX_COLUMNS,
  parentIndexJoins,
  type ParentIndexRow,
} from './indexes';
import { objectKey, type ReadContext, type SchemaNode, type SchemaPart } from './schema-node';
import type { SchemaObjectKind } from './schema-statement';
import { label, labelPart, qualified } from './sql-text';

const KIND: Record<string, SchemaObjectKind> = {
  p: 'primary-key',
  u: 'unique',
  x: 'exclusion',
  f: 'foreign-key',
};

/**
 * Primary keys, unique and exclusion constraints and foreign keys, as `ALTER TABLE ... ADD
 * CONSTRAINT` in post-data. A partition's key is created on the partition and attached to its
 * parent's (as pg_dump does), so every index keeps its name; a partition's inherited foreign keys
 * come with its parent's.
 */
export async function readConstraints({ client }: ReadContext): Promise<SchemaPart> {
  const { rows } = await client.query<
    {
      oid: number;
      name: string;
      type: 'p' | 'u' | 'x' | 'f';
      relid: number;
      schema: string;
      table_name: string;
      partitioned: boolean;
      definition: string;
      index_oid: number;
      index_name: string | null;
      comment: string | null;
    } & ParentIndexRow
  >(
    `SELECT con.oid::int AS oid, con.conname AS name, con.contype::text AS type,
            c.oid::int AS relid, n.nspname AS schema, c.relname AS table_name,
            c.relkind = 'p' AS partitioned, pg_get_constraintdef(con.oid) AS definition,
            con.conindid::int AS index_oid, ic.relname AS index_name,
            ${PARENT_INDEX_COLUMNS},
            obj_description(con.oid, 'pg_constraint') AS comment
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_class ic ON ic.oid = con.conindid AND con.contype <> 'f'
       ${parentIndexJoins('ic.oid')}
      WHERE con.contype IN ('p', 'u', 'x', 'f') AND c.relkind IN ('r', 'p')
        AND ${userSchemaCondition('n')} AND ${notExtensionMemberCondition('pg_class', 'c.oid')}
        -- a partition's foreign keys (and the ones referencing partitions) follow its parent's
        AND NOT (con.contype = 'f' AND con.conparentid <> 0)`,
  );
  const nodes: SchemaNode[] = [];
  const represents: Array<[string, string]> = [];
  for (const row of rows) {
    const key = objectKey('pg_constraint', row.oid);
    const table = { schema: row.schema, name: row.table_name };
    const tableName = qualified(row.schema, row.table_name);
    const object = `${labelPart(row.name)} on ${label(row.schema, row.table_name)}`;
    // A foreign key on a partitioned table must reach its partitions; nothing else may recurse.
    const only = row.type === 'f' && row.partitioned ? '' : 'ONLY ';
    nodes.push({
      key,
      dependsOn: [objectKey('pg_class', row.relid)],
      statement: {
        phase: 'post-data',
        kind: KIND[row.type]!,
        object,
        table,
        sql: `ALTER TABLE ${only}${tableName} ADD CONSTRAINT ${quoteIdent(row.name)} ${row.definition}`,
      },
    });
    if (row.type !== 'f' && row.index_oid) {
      represents.push([objectKey('pg_class', row.index_oid), key]);
      if (row.index_name) {
        nodes.push(
          ...attachIndexNodes(key, { schema: row.schema, name: row.index_name }, table, row),
        );
      }
    }
    nodes.push(
      ...commentNode(
        {
          key,
          sqlName: `CONSTRAINT ${quoteIdent(row.name)} ON ${tableName}`,
          label: object,
          phase: 'post-data',
          table,
        },
        row.comment,
      ),
    );
  }
  return { nodes, represents };
}
