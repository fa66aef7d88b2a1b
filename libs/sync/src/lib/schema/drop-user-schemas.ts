import { quoteIdent } from '@confiture/domain';
import type pg from 'pg';
import { userSchemaCondition } from '../catalog';
import { serverVersionNum } from '../connection';
import { FIRST_NORMAL_OID } from './extensions';

/**
 * Empties a target for a fresh sync: drops every extension and every schema but PostgreSQL's own
 * and `confiture` (Confiture's bookkeeping), then recreates an empty `public` as a new database
 * has it. One statement per object, so that a huge schema does not need one huge transaction.
 */
export async function dropUserSchemas(target: pg.ClientBase): Promise<void> {
  const extensions = await target.query<{ name: string }>(
    `SELECT e.extname AS name
       FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
      WHERE e.oid >= ${FIRST_NORMAL_OID} AND n.nspname <> 'confiture'
      ORDER BY e.extname`,
  );
  for (const { name } of extensions.rows) {
    await target.query(`DROP EXTENSION IF EXISTS ${quoteIdent(name)} CASCADE`);
  }
  const schemas = await target.query<{ name: string }>(
    `SELECT n.nspname AS name FROM pg_namespace n WHERE ${userSchemaCondition('n')} ORDER BY n.nspname`,
  );
  for (const { name } of schemas.rows) {
    await target.query(`DROP SCHEMA IF EXISTS ${quoteIdent(name)} CASCADE`);
  }
  const version = await serverVersionNum(target);
  await target.query('CREATE SCHEMA public');
  // Since PostgreSQL 15, public belongs to the database owner and only lets everyone use it.
  const newStyle = version >= 150000;
  await target.query('ALTER SCHEMA public OWNER TO pg_database_owner');
  await target.query(`GRANT ${newStyle ? 'USAGE' : 'ALL'} ON SCHEMA public TO PUBLIC`);
  await target.query(`COMMENT ON SCHEMA public IS 'standard public schema'`);
}
