import { quoteIdent } from '@confiture/domain';
import { notExtensionMemberCondition } from '../catalog';
import { withComment } from './comments';
import { FIRST_NORMAL_OID } from './extensions';
import { objectKey, type ReadContext, type SchemaPart } from './schema-node';
import { labelPart } from './sql-text';

const AM_TYPE: Record<string, string> = { t: 'TABLE', i: 'INDEX' };

/** Access methods created outside an extension (`CREATE ACCESS METHOD ... HANDLER`). */
export async function readAccessMethods({ client }: ReadContext): Promise<SchemaPart> {
  const { rows } = await client.query<{
    oid: number;
    name: string;
    type: string;
    handler: string;
    comment: string | null;
  }>(
    `SELECT a.oid::int AS oid, a.amname AS name, a.amtype::text AS type,
            a.amhandler::regproc::text AS handler, obj_description(a.oid, 'pg_am') AS comment
       FROM pg_am a
      WHERE a.oid >= ${FIRST_NORMAL_OID} AND ${notExtensionMemberCondition('pg_am', 'a.oid')}`,
  );
  return {
    nodes: rows.flatMap((row) => {
      const key = objectKey('pg_am', row.oid);
      const name = quoteIdent(row.name);
      return withComment(
        {
          key,
          dependsOn: [],
          statement: {
            phase: 'pre-data',
            kind: 'access-method',
            object: labelPart(row.name),
            sql: `CREATE ACCESS METHOD ${name} TYPE ${AM_TYPE[row.type] ?? 'TABLE'} HANDLER ${row.handler}`,
          },
        },
        `ACCESS METHOD ${name}`,
        row.comment,
      );
    }),
    represents: [],
  };
}
