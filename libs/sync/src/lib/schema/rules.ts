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
 * Rewrite rules (`CREATE RULE`), as pg_get_ruledef writes them, and their enabled state; a view's
 * own rule is its query.
 */
export async function readRules({ client }: ReadContext): Promise<SchemaPart> {
  const { rows } = await client.query<TableObjectRow & { enabled: string }>(
    `SELECT r.oid::int AS oid, r.rulename AS name, c.oid::int AS relid, n.nspname AS schema,
            c.relname AS table_name, pg_get_ruledef(r.oid) AS definition,
            r.ev_enabled::text AS enabled, obj_description(r.oid, 'pg_rewrite') AS comment
       FROM pg_rewrite r
       JOIN pg_class c ON c.oid = r.ev_class
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE r.rulename <> '_RETURN' AND ${userSchemaCondition('n')}
        AND ${notExtensionMemberCondition('pg_class', 'c.oid')}`,
  );
  return {
    nodes: rows.flatMap((row): SchemaNode[] => {
      const key = objectKey('pg_rewrite', row.oid);
      const table = { schema: row.schema, name: row.table_name };
      const object = `${labelPart(row.name)} on ${label(row.schema, row.table_name)}`;
      return [
        {
          key,
          dependsOn: [objectKey('pg_class', row.relid)],
          statement: {
            phase: 'post-data',
            kind: 'rule',
            object,
            table,
            sql: row.definition.trim().replace(/;$/, ''),
          },
        },
        ...enabledStateNodes('RULE', row.enabled, { key, name: row.name, object, table }),
        ...commentNode(
          {
            key,
            sqlName: `RULE ${quoteIdent(row.name)} ON ${qualified(row.schema, row.table_name)}`,
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
