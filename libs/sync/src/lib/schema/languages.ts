import { quoteIdent } from '@confiture/domain';
import { notExtensionMemberCondition } from '../catalog';
import { withComment } from './comments';
import { FIRST_NORMAL_OID } from './extensions';
import { objectKey, type ReadContext, type SchemaPart } from './schema-node';
import { labelPart } from './sql-text';

/**
 * Procedural languages created outside an extension (`CREATE LANGUAGE ... HANDLER`), with their
 * inline handler and validator; those of extensions (plpgsql, plperl, ...) come with them.
 */
export async function readLanguages({ client }: ReadContext): Promise<SchemaPart> {
  const { rows } = await client.query<{
    oid: number;
    name: string;
    trusted: boolean;
    handler: string;
    inline: string | null;
    validator: string | null;
    comment: string | null;
  }>(
    `SELECT l.oid::int AS oid, l.lanname AS name, l.lanpltrusted AS trusted,
            l.lanplcallfoid::regproc::text AS handler,
            CASE WHEN l.laninline <> 0 THEN l.laninline::regproc::text END AS inline,
            CASE WHEN l.lanvalidator <> 0 THEN l.lanvalidator::regproc::text END AS validator,
            obj_description(l.oid, 'pg_language') AS comment
       FROM pg_language l
      WHERE l.oid >= ${FIRST_NORMAL_OID} AND l.lanispl
        AND ${notExtensionMemberCondition('pg_language', 'l.oid')}`,
  );
  return {
    nodes: rows.flatMap((row) => {
      const key = objectKey('pg_language', row.oid);
      const name = quoteIdent(row.name);
      const sql = [
        `CREATE ${row.trusted ? 'TRUSTED ' : ''}LANGUAGE ${name} HANDLER ${row.handler}`,
        ...(row.inline ? [`INLINE ${row.inline}`] : []),
        ...(row.validator ? [`VALIDATOR ${row.validator}`] : []),
      ].join(' ');
      return withComment(
        {
          key,
          dependsOn: [],
          statement: { phase: 'pre-data', kind: 'language', object: labelPart(row.name), sql },
        },
        `LANGUAGE ${name}`,
        row.comment,
      );
    }),
    represents: [],
  };
}
