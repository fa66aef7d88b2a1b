import { quoteLiteral } from '@confiture/domain';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { withComment } from './comments';
import { objectKey, type ReadContext, type SchemaPart } from './schema-node';
import { label, qualified } from './sql-text';

/** Encoding conversions (`CREATE [DEFAULT] CONVERSION ... FOR 'from' TO 'to' FROM function`). */
export async function readConversions({ client }: ReadContext): Promise<SchemaPart> {
  const { rows } = await client.query<{
    oid: number;
    schema_oid: number;
    schema: string;
    name: string;
    from_encoding: string;
    to_encoding: string;
    function: string;
    is_default: boolean;
    comment: string | null;
  }>(
    `SELECT c.oid::int AS oid, n.oid::int AS schema_oid, n.nspname AS schema, c.conname AS name,
            pg_encoding_to_char(c.conforencoding) AS from_encoding,
            pg_encoding_to_char(c.contoencoding) AS to_encoding,
            c.conproc::regproc::text AS function, c.condefault AS is_default,
            obj_description(c.oid, 'pg_conversion') AS comment
       FROM pg_conversion c
       JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE ${userSchemaCondition('n')} AND ${notExtensionMemberCondition('pg_conversion', 'c.oid')}`,
  );
  return {
    nodes: rows.flatMap((row) => {
      const key = objectKey('pg_conversion', row.oid);
      const name = qualified(row.schema, row.name);
      const object = label(row.schema, row.name);
      return withComment(
        {
          key,
          dependsOn: [objectKey('pg_namespace', row.schema_oid)],
          statement: {
            phase: 'pre-data',
            kind: 'conversion',
            object,
            sql: `CREATE ${row.is_default ? 'DEFAULT ' : ''}CONVERSION ${name} FOR ${quoteLiteral(
              row.from_encoding,
            )} TO ${quoteLiteral(row.to_encoding)} FROM ${row.function}`,
          },
        },
        `CONVERSION ${name}`,
        row.comment,
      );
    }),
    represents: [],
  };
}
