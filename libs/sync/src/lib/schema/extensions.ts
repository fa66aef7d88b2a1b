import { quoteIdent } from '@confiture/domain';
import { objectKey, type ReadContext, type SchemaPart } from './schema-node';
import { labelPart } from './sql-text';

/** Extensions created with the cluster (plpgsql) have OIDs below this (FirstNormalObjectId). */
export const FIRST_NORMAL_OID = 16384;

/**
 * `CREATE EXTENSION IF NOT EXISTS` for every extension the source has, in its schema, at the
 * target's default version. The objects an extension owns are its own business: they are not read
 * separately, and a dependency on one of them is a dependency on the extension.
 */
export async function readExtensions({ client }: ReadContext): Promise<SchemaPart> {
  const extensions = await client.query<{
    oid: number;
    name: string;
    schema: string;
    schema_oid: number;
  }>(
    `SELECT e.oid::int AS oid, e.extname AS name, n.nspname AS schema, n.oid::int AS schema_oid
       FROM pg_extension e
       JOIN pg_namespace n ON n.oid = e.extnamespace
      WHERE e.oid >= ${FIRST_NORMAL_OID} AND n.nspname <> 'confiture'`,
  );
  const members = await client.query<{ member: string; extension: number }>(
    `SELECT d.classid::regclass::text || ':' || d.objid AS member, d.refobjid::int AS extension
       FROM pg_depend d
      WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'`,
  );
  return {
    nodes: extensions.rows.map((row) => ({
      key: objectKey('pg_extension', row.oid),
      dependsOn: [objectKey('pg_namespace', row.schema_oid)],
      statement: {
        phase: 'pre-data',
        kind: 'extension',
        object: labelPart(row.name),
        sql: `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(row.name)} WITH SCHEMA ${quoteIdent(row.schema)}`,
      },
    })),
    represents: members.rows.map((row) => [row.member, objectKey('pg_extension', row.extension)]),
  };
}
