import { quoteIdent } from '@confiture/domain';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { commentNode } from './comments';
import { objectKey, type ReadContext, type SchemaNode, type SchemaPart } from './schema-node';
import { labelPart } from './sql-text';

/** `COMMENT ON SCHEMA ... IS NULL`: the schema has no comment. */
function noComment(key: string, sqlName: string): SchemaNode {
  return {
    key: `comment:${key}`,
    dependsOn: [key],
    statement: {
      phase: 'pre-data',
      kind: 'comment',
      object: 'public',
      sql: `COMMENT ON SCHEMA ${sqlName} IS NULL`,
    },
  };
}

/**
 * `CREATE SCHEMA IF NOT EXISTS` for every user schema (`public` usually exists already), with its
 * comment; `public` without a comment loses the standard one the target's was made with.
 */
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
      // The target's public is recreated with its standard comment: take it away as the source did.
      ...(row.name === 'public' && !row.comment ? [noComment(key, sqlName)] : []),
    ];
  });
  return { nodes, represents: [] };
}
