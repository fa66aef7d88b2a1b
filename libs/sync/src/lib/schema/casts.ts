import { notExtensionMemberCondition } from '../catalog';
import { withComment } from './comments';
import { FIRST_NORMAL_OID } from './extensions';
import { objectKey, type ReadContext, type SchemaPart } from './schema-node';

const METHOD: Record<string, (fn: string | null) => string> = {
  f: (fn) => `WITH FUNCTION ${fn}`,
  b: () => 'WITHOUT FUNCTION',
  i: () => 'WITH INOUT',
};
const CONTEXT: Record<string, string> = { e: '', a: ' AS ASSIGNMENT', i: ' AS IMPLICIT' };

/**
 * Casts made by the source's users (`CREATE CAST (a AS b) WITH FUNCTION / WITHOUT FUNCTION / WITH
 * INOUT`, explicit, as assignment or implicit); the built-in ones and those of extensions exist.
 */
export async function readCasts({ client }: ReadContext): Promise<SchemaPart> {
  const { rows } = await client.query<{
    oid: number;
    source: string;
    target: string;
    function: string | null;
    method: string;
    context: string;
    comment: string | null;
  }>(
    `SELECT c.oid::int AS oid, format_type(c.castsource, NULL) AS source,
            format_type(c.casttarget, NULL) AS target,
            CASE WHEN c.castfunc <> 0 THEN c.castfunc::regprocedure::text END AS function,
            c.castmethod::text AS method, c.castcontext::text AS context,
            obj_description(c.oid, 'pg_cast') AS comment
       FROM pg_cast c
      WHERE c.oid >= ${FIRST_NORMAL_OID} AND ${notExtensionMemberCondition('pg_cast', 'c.oid')}
        -- casts that come with another object (a range type's cast to its multirange)
        AND NOT EXISTS (SELECT 1 FROM pg_depend i
                         WHERE i.classid = 'pg_cast'::regclass AND i.objid = c.oid
                           AND i.deptype = 'i')`,
  );
  return {
    nodes: rows.flatMap((row) => {
      const key = objectKey('pg_cast', row.oid);
      const pair = `(${row.source} AS ${row.target})`;
      const method = METHOD[row.method]?.(row.function) ?? 'WITH INOUT';
      return withComment(
        {
          key,
          dependsOn: [],
          statement: {
            phase: 'pre-data',
            kind: 'cast',
            object: pair,
            sql: `CREATE CAST ${pair} ${method}${CONTEXT[row.context] ?? ''}`,
          },
        },
        `CAST ${pair}`,
        row.comment,
      );
    }),
    represents: [],
  };
}
