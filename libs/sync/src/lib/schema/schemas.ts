import { quoteIdent } from '@confiture/domain';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { commentNode } from './comments';
import { objectKey, type ReadContext, type SchemaPart } from './schema-node';
import { labelPart } from './sql-text';

/** `CREATE SCHEMA IF NOT EXISTS` for every user schema (`public` usually exists already). */
export async function readSchemas({ client }: ReadContext): Promise<SchemaPart> {
  const { rows } = await client.query<{ oid: number; name: string; comment: string | null }>(
    `SELECT n.oid::int AS oid, n.nspname AS name, obj_description(n.oid, 'pg_namespace') AS comment
       FROM pg_namespace n
      WHERE ${userSchemaCondition('n')} AND ${notExtensionMemberCondition('pg_namespace', 'n.oid')}`,
  );
  const nodes = rows.flatMap((row) => {
    const key = objectKey('pg_namespace', row.oid);
    const sqlName = quoteIdent(row.name);
    return [
      {
        key,
        dependsOn: [],
        statement: {
          phase: 'pre-data' as const,
          kind: 'schema' as const,
          object: labelPart(row.name),
          sql: `CREATE SCHEMA IF NOT EXISTS ${sqlName}`,
        },
      },
      ...commentNode(
        { key, sqlName: `SCHEMA ${sqlName}`, label: labelPart(row.name), phase: 'pre-data' },
        row.comment,
      ),
    ];
  });
  return { nodes, represents: [] };
}
