import { quoteIdent } from '@confiture/domain';
import type pg from 'pg';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { serverVersionNum } from '../connection';
import { FIRST_NORMAL_OID } from './extensions';

/**
 * Empties a target for a fresh sync: drops every extension and every schema but PostgreSQL's own
 * and `confiture` (Confiture's bookkeeping), and what users made outside schemas (foreign-data
 * wrappers and servers, languages, access methods, casts), then recreates an empty `public` as a
 * new database has it. One statement per object, so that a huge schema does not need one huge transaction.
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
  // What lives outside schemas and would survive: foreign-data wrappers (with their servers, user
  // mappings and foreign tables), procedural languages, access methods and casts made by users.
  const outside = await target.query<{ sql: string }>(
    `SELECT 'DROP FOREIGN DATA WRAPPER IF EXISTS ' || quote_ident(w.fdwname) || ' CASCADE' AS sql
       FROM pg_foreign_data_wrapper w
      WHERE ${notExtensionMemberCondition('pg_foreign_data_wrapper', 'w.oid')}
     UNION ALL
     SELECT 'DROP LANGUAGE IF EXISTS ' || quote_ident(l.lanname) || ' CASCADE'
       FROM pg_language l WHERE l.oid >= ${FIRST_NORMAL_OID} AND l.lanispl
        AND ${notExtensionMemberCondition('pg_language', 'l.oid')}
     UNION ALL
     SELECT 'DROP ACCESS METHOD IF EXISTS ' || quote_ident(a.amname) || ' CASCADE'
       FROM pg_am a WHERE a.oid >= ${FIRST_NORMAL_OID}
        AND ${notExtensionMemberCondition('pg_am', 'a.oid')}
     UNION ALL
     SELECT 'DROP CAST IF EXISTS (' || format_type(c.castsource, NULL) || ' AS '
            || format_type(c.casttarget, NULL) || ') CASCADE'
       FROM pg_cast c WHERE c.oid >= ${FIRST_NORMAL_OID}
        AND NOT EXISTS (SELECT 1 FROM pg_depend i
                         WHERE i.classid = 'pg_cast'::regclass AND i.objid = c.oid
                           AND i.deptype IN ('i', 'e'))`,
  );
  for (const { sql } of outside.rows) await target.query(sql);
  const version = await serverVersionNum(target);
  await target.query('CREATE SCHEMA public');
  // Since PostgreSQL 15, public belongs to the database owner and only lets everyone use it.
  const newStyle = version >= 150000;
  await target.query('ALTER SCHEMA public OWNER TO pg_database_owner');
  await target.query(`GRANT ${newStyle ? 'USAGE' : 'ALL'} ON SCHEMA public TO PUBLIC`);
  await target.query(`COMMENT ON SCHEMA public IS 'standard public schema'`);
}
