import { quoteIdent, quoteLiteral } from '@confiture/domain';
import { notExtensionMemberCondition } from '../catalog';
import { withComment } from './comments';
import { objectKey, type ReadContext, type SchemaPart } from './schema-node';
import { genericOptions, labelPart } from './sql-text';

/**
 * Foreign servers (`CREATE SERVER ... FOREIGN DATA WRAPPER ... OPTIONS`): where foreign tables
 * point. Their user mappings, which hold the credentials, are not copied (skipped-objects.ts).
 */
export async function readForeignServers({ client }: ReadContext): Promise<SchemaPart> {
  const { rows } = await client.query<{
    oid: number;
    name: string;
    wrapper: string;
    type: string | null;
    version: string | null;
    options: string[] | null;
    comment: string | null;
  }>(
    `SELECT s.oid::int AS oid, s.srvname AS name, w.fdwname AS wrapper, s.srvtype AS type,
            s.srvversion AS version, s.srvoptions AS options,
            obj_description(s.oid, 'pg_foreign_server') AS comment
       FROM pg_foreign_server s
       JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
      WHERE ${notExtensionMemberCondition('pg_foreign_server', 's.oid')}`,
  );
  return {
    nodes: rows.flatMap((row) => {
      const key = objectKey('pg_foreign_server', row.oid);
      const name = quoteIdent(row.name);
      return withComment(
        {
          key,
          dependsOn: [],
          statement: {
            phase: 'pre-data',
            kind: 'foreign-server',
            object: labelPart(row.name),
            sql: `CREATE SERVER ${name}${row.type !== null ? ` TYPE ${quoteLiteral(row.type)}` : ''}${
              row.version !== null ? ` VERSION ${quoteLiteral(row.version)}` : ''
            } FOREIGN DATA WRAPPER ${quoteIdent(row.wrapper)}${genericOptions(row.options)}`,
          },
        },
        `SERVER ${name}`,
        row.comment,
      );
    }),
    represents: [],
  };
}
