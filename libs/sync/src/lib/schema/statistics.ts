import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { commentNode } from './comments';
import { objectKey, type ReadContext, type SchemaNode, type SchemaPart } from './schema-node';
import { label, qualified } from './sql-text';

/**
 * Extended statistics objects (`CREATE STATISTICS`), as pg_get_statisticsobjdef writes them, and
 * their statistics target (`ALTER STATISTICS ... SET STATISTICS`).
 */
export async function readStatistics({ client, serverVersion }: ReadContext): Promise<SchemaPart> {
  // PostgreSQL 17 made an unset statistics target NULL (it was -1).
  const target = serverVersion >= 170000 ? 's.stxstattarget' : 'NULLIF(s.stxstattarget, -1)';
  const { rows } = await client.query<{
    oid: number;
    schema: string;
    name: string;
    relid: number;
    table_schema: string;
    table_name: string;
    definition: string;
    target: number | null;
    comment: string | null;
  }>(
    `SELECT s.oid::int AS oid, n.nspname AS schema, s.stxname AS name, c.oid::int AS relid,
            tn.nspname AS table_schema, c.relname AS table_name,
            pg_get_statisticsobjdef(s.oid) AS definition, ${target}::int AS target,
            obj_description(s.oid, 'pg_statistic_ext') AS comment
       FROM pg_statistic_ext s
       JOIN pg_namespace n ON n.oid = s.stxnamespace
       JOIN pg_class c ON c.oid = s.stxrelid
       JOIN pg_namespace tn ON tn.oid = c.relnamespace
      WHERE ${userSchemaCondition('n')} AND ${userSchemaCondition('tn')}
        AND ${notExtensionMemberCondition('pg_statistic_ext', 's.oid')}`,
  );
  return {
    nodes: rows.flatMap((row): SchemaNode[] => {
      const key = objectKey('pg_statistic_ext', row.oid);
      const table = { schema: row.table_schema, name: row.table_name };
      const object = label(row.schema, row.name);
      return [
        {
          key,
          dependsOn: [objectKey('pg_class', row.relid)],
          statement: { phase: 'post-data', kind: 'statistics', object, table, sql: row.definition },
        },
        ...(row.target !== null
          ? [
              {
                key: `target:${key}`,
                dependsOn: [key],
                statement: {
                  phase: 'post-data' as const,
                  kind: 'statistics' as const,
                  object,
                  table,
                  sql: `ALTER STATISTICS ${qualified(row.schema, row.name)} SET STATISTICS ${row.target}`,
                },
              },
            ]
          : []),
        ...commentNode(
          {
            key,
            sqlName: `STATISTICS ${qualified(row.schema, row.name)}`,
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
