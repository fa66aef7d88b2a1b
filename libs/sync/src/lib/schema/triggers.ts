import { quoteIdent } from '@confiture/domain';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { commentNode } from './comments';
import { enabledStateNodes } from './enabled-state';
import {
  objectKey,
  type ReadContext,
  type SchemaNode,
  type SchemaPart,
  type TableObjectRow,
} from './schema-node';
import { label, labelPart, qualified } from './sql-text';

/**
 * Triggers as pg_get_triggerdef writes them, constraint triggers included, and their enabled
 * state; internal triggers (those of foreign keys) and the clones a partition gets from its
 * parent's trigger are not written.
 */
export async function readTriggers({ client }: ReadContext): Promise<SchemaPart> {
  const { rows } = await client.query<TableObjectRow & { enabled: string }>(
    `SELECT t.oid::int AS oid, t.tgname AS name, c.oid::int AS relid, n.nspname AS schema,
            c.relname AS table_name, pg_get_triggerdef(t.oid) AS definition,
            t.tgenabled::text AS enabled, obj_description(t.oid, 'pg_trigger') AS comment
       FROM pg_trigger t
       JOIN pg_class c ON c.oid = t.tgrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND c.relkind IN ('r', 'p', 'v', 'f')
        AND ${userSchemaCondition('n')} AND ${notExtensionMemberCondition('pg_class', 'c.oid')}`,
  );
  return {
    nodes: rows.flatMap((row): SchemaNode[] => {
      const key = objectKey('pg_trigger', row.oid);
      const table = { schema: row.schema, name: row.table_name };
      const tableName = qualified(row.schema, row.table_name);
      const object = `${labelPart(row.name)} on ${label(row.schema, row.table_name)}`;
      return [
        {
          key,
          dependsOn: [objectKey('pg_class', row.relid)],
          statement: { phase: 'post-data', kind: 'trigger', object, table, sql: row.definition },
        },
        ...enabledStateNodes('TRIGGER', row.enabled, { key, name: row.name, object, table }),
        ...commentNode(
          {
            key,
            sqlName: `TRIGGER ${quoteIdent(row.name)} ON ${tableName}`,
            label: object,
            phase: 'post-data',
            table,
          },
          row.comment,
        ),
      ];
    }),
    represents: [],
  };
}
