import { quoteIdent } from '@confiture/domain';
import { notExtensionMemberCondition } from '../catalog';
import { withComment } from './comments';
import { objectKey, type ReadContext, type SchemaPart } from './schema-node';
import { genericOptions, labelPart } from './sql-text';

/**
 * Foreign-data wrappers created outside an extension (`CREATE FOREIGN DATA WRAPPER`, handler,
 * validator, options); postgres_fdw and file_fdw come with their extension.
 */
export async function readForeignDataWrappers({ client }: ReadContext): Promise<SchemaPart> {
  const { rows } = await client.query<{
    oid: number;
    name: string;
    handler: string | null;
    validator: string | null;
    options: string[] | null;
    comment: string | null;
  }>(
    `SELECT w.oid::int AS oid, w.fdwname AS name,
            CASE WHEN w.fdwhandler <> 0 THEN w.fdwhandler::regproc::text END AS handler,
            CASE WHEN w.fdwvalidator <> 0 THEN w.fdwvalidator::regproc::text END AS validator,
            w.fdwoptions AS options, obj_description(w.oid, 'pg_foreign_data_wrapper') AS comment
       FROM pg_foreign_data_wrapper w
      WHERE ${notExtensionMemberCondition('pg_foreign_data_wrapper', 'w.oid')}`,
  );
  return {
    nodes: rows.flatMap((row) => {
      const key = objectKey('pg_foreign_data_wrapper', row.oid);
      const name = quoteIdent(row.name);
      return withComment(
        {
          key,
          dependsOn: [],
          statement: {
            phase: 'pre-data',
            kind: 'foreign-data-wrapper',
            object: labelPart(row.name),
            sql: `CREATE FOREIGN DATA WRAPPER ${name}${row.handler ? ` HANDLER ${row.handler}` : ''}${
              row.validator ? ` VALIDATOR ${row.validator}` : ''
            }${genericOptions(row.options)}`,
          },
        },
        `FOREIGN DATA WRAPPER ${name}`,
        row.comment,
      );
    }),
    represents: [],
  };
}
