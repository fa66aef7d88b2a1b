import { quoteIdent } from '@confiture/domain';
import { notExtensionMemberCondition } from '../catalog';
import { withComment } from './comments';
import { FIRST_NORMAL_OID } from './extensions';
import { objectKey, type ReadContext, type SchemaPart } from './schema-node';

/** Transforms (`CREATE TRANSFORM FOR type LANGUAGE lang (FROM SQL ..., TO SQL ...)`). */
export async function readTransforms({ client }: ReadContext): Promise<SchemaPart> {
  const { rows } = await client.query<{
    oid: number;
    type: string;
    language: string;
    from_sql: string | null;
    to_sql: string | null;
    comment: string | null;
  }>(
    `SELECT t.oid::int AS oid, format_type(t.trftype, NULL) AS type, l.lanname AS language,
            CASE WHEN t.trffromsql <> 0 THEN t.trffromsql::regprocedure::text END AS from_sql,
            CASE WHEN t.trftosql <> 0 THEN t.trftosql::regprocedure::text END AS to_sql,
            obj_description(t.oid, 'pg_transform') AS comment
       FROM pg_transform t
       JOIN pg_language l ON l.oid = t.trflang
      WHERE t.oid >= ${FIRST_NORMAL_OID} AND ${notExtensionMemberCondition('pg_transform', 't.oid')}`,
  );
  return {
    nodes: rows.flatMap((row) => {
      const key = objectKey('pg_transform', row.oid);
      const target = `FOR ${row.type} LANGUAGE ${quoteIdent(row.language)}`;
      const object = `for ${row.type} language ${row.language}`;
      const functions = [
        ...(row.from_sql ? [`FROM SQL WITH FUNCTION ${row.from_sql}`] : []),
        ...(row.to_sql ? [`TO SQL WITH FUNCTION ${row.to_sql}`] : []),
      ];
      return withComment(
        {
          key,
          dependsOn: [],
          statement: {
            phase: 'pre-data',
            kind: 'transform',
            object,
            sql: `CREATE TRANSFORM ${target} (${functions.join(', ')})`,
          },
        },
        `TRANSFORM ${target}`,
        row.comment,
      );
    }),
    represents: [],
  };
}
