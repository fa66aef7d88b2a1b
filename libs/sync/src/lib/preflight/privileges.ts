import { ConfitureError, quoteIdent, quoteQualified, type QualifiedName } from '@confiture/domain';
import type pg from 'pg';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import type { SyncPlan } from '../plan/plan';
import { FIRST_NORMAL_OID } from '../schema/extensions';

/** A privilege the connected role lacks for a sync, on which object, and the statement that grants it. */
export interface MissingSyncPrivilege {
  side: 'source' | 'target';
  /** The object, as `table public.users`, `schema app`, `database staging`. */
  object: string;
  /** What is missing: `SELECT`, `USAGE`, `ownership`, `BYPASSRLS`, `superuser`. */
  privilege: string;
  /** Why the sync needs it, when the privilege alone does not say. */
  reason?: string;
  /** The statement (run by an owner or a superuser) that grants it. */
  fix: string;
}

interface Role {
  name: string;
  superuser: boolean;
  bypassRls: boolean;
}

async function currentRole(client: pg.ClientBase): Promise<Role> {
  const { rows } = await client.query<Role>(
    `SELECT rolname AS name, rolsuper AS superuser, rolbypassrls AS "bypassRls"
       FROM pg_roles WHERE rolname = current_user`,
  );
  return rows[0]!;
}

/**
 * What the source role lacks to read what the run reads: USAGE on the schema and SELECT on every
 * table (or partition) whose rows are copied (column grants count when they cover every column),
 * row-level security that would silently hide rows, and USAGE on the schema and SELECT on every
 * sequence whose position is copied. The catalog and schema readers use only pg_catalog, which
 * every role can read.
 */
export async function missingSourcePrivileges(
  source: pg.ClientBase,
  plan: SyncPlan,
): Promise<MissingSyncPrivilege[]> {
  const role = await currentRole(source);
  if (role.superuser) return [];
  const copied = plan.tables.filter((t) => !t.excluded).map((t) => t.name);
  const to = quoteIdent(role.name);
  const missing: MissingSyncPrivilege[] = [];
  const usage = new Set<string>();
  const needUsage = (schema: string) => {
    if (usage.has(schema)) return;
    usage.add(schema);
    missing.push({
      side: 'source',
      object: `schema ${schema}`,
      privilege: 'USAGE',
      fix: `GRANT USAGE ON SCHEMA ${quoteIdent(schema)} TO ${to};`,
    });
  };
  const tables = await source.query<{
    schema: string;
    name: string;
    usage: boolean;
    select: boolean;
    rls: boolean;
  }>(
    `SELECT n.nspname AS schema, c.relname AS name,
            has_schema_privilege(n.oid, 'USAGE') AS usage,
            (has_table_privilege(c.oid, 'SELECT') OR NOT EXISTS (
               SELECT 1 FROM pg_attribute a
                WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                  AND a.attgenerated = '' AND NOT has_column_privilege(c.oid, a.attnum, 'SELECT'))
            ) AS select,
            (c.relrowsecurity AND (c.relforcerowsecurity OR NOT pg_has_role(c.relowner, 'USAGE'))) AS rls
       FROM unnest($1::text[], $2::text[]) AS u(schema, name)
       JOIN pg_namespace n ON n.nspname = u.schema
       JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = u.name
      ORDER BY n.nspname, c.relname`,
    [copied.map((t) => t.schema), copied.map((t) => t.name)],
  );
  for (const t of tables.rows) {
    const name = { schema: t.schema, name: t.name };
    if (!t.usage) needUsage(t.schema);
    if (!t.select) {
      missing.push({
        side: 'source',
        object: `table ${label(name)}`,
        privilege: 'SELECT',
        fix: `GRANT SELECT ON ${quoteQualified(name)} TO ${to};`,
      });
    }
    if (t.rls && !role.bypassRls) {
      missing.push({
        side: 'source',
        object: `table ${label(name)}`,
        privilege: 'BYPASSRLS',
        reason: 'it has row-level security: rows its policies hide would silently not be copied',
        fix: `ALTER ROLE ${to} BYPASSRLS;`,
      });
    }
  }
  const sequences = await source.query<{
    schema: string;
    name: string;
    usage: boolean;
    select: boolean;
  }>(
    `SELECT n.nspname AS schema, c.relname AS name,
            has_schema_privilege(n.oid, 'USAGE') AS usage,
            has_sequence_privilege(c.oid, 'SELECT') AS select
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'S' AND ${userSchemaCondition('n')}
        AND ${notExtensionMemberCondition('pg_class', 'c.oid')}
      ORDER BY n.nspname, c.relname`,
  );
  for (const s of sequences.rows) {
    const name = { schema: s.schema, name: s.name };
    if (!s.usage) needUsage(s.schema);
    if (!s.select) {
      missing.push({
        side: 'source',
        object: `sequence ${label(name)}`,
        privilege: 'SELECT',
        reason: 'its position is copied',
        fix: `GRANT SELECT ON SEQUENCE ${quoteQualified(name)} TO ${to};`,
      });
    }
  }
  return missing;
}

/**
 * What the target role lacks to empty and rebuild the target: ownership of the database (to create
 * schemas and to give the new `public` to pg_database_owner, as a new database has it), ownership of
 * every schema and extension it drops, and superuser for what only a superuser can drop or create
 * (user access methods, procedural languages and foreign-data wrappers, extensions that are not
 * trusted). `sourceExtensions` are the extensions the schema copy creates.
 */
export async function missingTargetPrivileges(
  target: pg.ClientBase,
  sourceExtensions: readonly string[],
): Promise<MissingSyncPrivilege[]> {
  const role = await currentRole(target);
  if (role.superuser) return [];
  const to = quoteIdent(role.name);
  const missing: MissingSyncPrivilege[] = [];
  const database = await target.query<{ name: string; owner: string; owns: boolean }>(
    `SELECT d.datname AS name, pg_get_userbyid(d.datdba) AS owner,
            pg_has_role(d.datdba, 'USAGE') AS owns
       FROM pg_database d WHERE d.datname = current_database()`,
  );
  const db = database.rows[0]!;
  if (!db.owns) {
    missing.push({
      side: 'target',
      object: `database ${db.name}`,
      privilege: 'ownership',
      reason: `owned by ${db.owner}; the sync drops and recreates its schemas`,
      fix: `ALTER DATABASE ${quoteIdent(db.name)} OWNER TO ${to};`,
    });
  }
  const owned = await target.query<{ kind: string; name: string; owner: string }>(
    `SELECT 'schema' AS kind, n.nspname AS name, pg_get_userbyid(n.nspowner) AS owner
       FROM pg_namespace n
      WHERE ${userSchemaCondition('n')} AND NOT pg_has_role(n.nspowner, 'USAGE')
        -- public, as a new database has it, comes with the ownership of the database.
        AND pg_get_userbyid(n.nspowner) <> 'pg_database_owner'
     UNION ALL
     SELECT 'extension', e.extname, pg_get_userbyid(e.extowner)
       FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
      WHERE e.oid >= ${FIRST_NORMAL_OID} AND n.nspname <> 'confiture'
        AND NOT pg_has_role(e.extowner, 'USAGE')
     ORDER BY 1, 2`,
  );
  for (const o of owned.rows) {
    missing.push({
      side: 'target',
      object: `${o.kind} ${o.name}`,
      privilege: 'ownership',
      reason: `owned by ${o.owner}; the sync drops it`,
      fix:
        o.kind === 'schema'
          ? `ALTER SCHEMA ${quoteIdent(o.name)} OWNER TO ${to};`
          : `DROP EXTENSION ${quoteIdent(o.name)} CASCADE; -- as ${quoteIdent(o.owner)} or a superuser`,
    });
  }
  const superuserOnly = await target.query<{ kind: string; name: string }>(
    `SELECT 'access method' AS kind, a.amname AS name FROM pg_am a
      WHERE a.oid >= ${FIRST_NORMAL_OID} AND ${notExtensionMemberCondition('pg_am', 'a.oid')}
     UNION ALL
     SELECT 'language', l.lanname FROM pg_language l
      WHERE l.oid >= ${FIRST_NORMAL_OID} AND l.lanispl
        AND ${notExtensionMemberCondition('pg_language', 'l.oid')}
        AND NOT pg_has_role(l.lanowner, 'USAGE')
     UNION ALL
     SELECT 'foreign-data wrapper', w.fdwname FROM pg_foreign_data_wrapper w
      WHERE ${notExtensionMemberCondition('pg_foreign_data_wrapper', 'w.oid')}
        AND NOT pg_has_role(w.fdwowner, 'USAGE')
     UNION ALL
     SELECT 'extension', x.name FROM unnest($1::text[]) AS x(name)
      WHERE EXISTS (SELECT 1 FROM pg_available_extensions a WHERE a.name = x.name)
        AND NOT EXISTS (SELECT 1 FROM pg_available_extension_versions v
                         WHERE v.name = x.name AND v.trusted)
     ORDER BY 1, 2`,
    [sourceExtensions],
  );
  for (const o of superuserOnly.rows) {
    missing.push({
      side: 'target',
      object: `${o.kind} ${o.name}`,
      privilege: 'superuser',
      reason:
        o.kind === 'extension'
          ? 'the schema copy creates it, and it is not a trusted extension'
          : 'the sync drops it, which only a superuser (or its owner) can',
      fix: `ALTER ROLE ${to} SUPERUSER; -- or sync into a target that needs none`,
    });
  }
  return missing;
}

/** The extensions the schema copy creates in the target (as `readExtensions` reads them). */
export async function sourceExtensions(source: pg.ClientBase): Promise<string[]> {
  const { rows } = await source.query<{ name: string }>(
    `SELECT e.extname AS name FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
      WHERE e.oid >= ${FIRST_NORMAL_OID} AND n.nspname <> 'confiture' ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/**
 * Refuses the sync (SYNC_REFUSED) when either role lacks a privilege the run needs, naming every
 * missing privilege, its object and the statement that grants it. Reads only; writes nothing.
 */
export async function requireSyncPrivileges(
  source: pg.ClientBase,
  target: pg.ClientBase,
  plan: SyncPlan,
): Promise<void> {
  const missing = [
    ...(await missingSourcePrivileges(source, plan)),
    ...(await missingTargetPrivileges(target, await sourceExtensions(source))),
  ];
  if (missing.length === 0) return;
  const sides = [...new Set(missing.map((m) => m.side))].join(' and ');
  throw new ConfitureError(
    'SYNC_REFUSED',
    `the ${sides} role${sides.includes(' and ') ? 's lack' : ' lacks'} ${missing.length} privilege${missing.length === 1 ? '' : 's'} the sync needs; nothing was written`,
    {
      details: missing.map(
        (m) =>
          new ConfitureError(
            'SYNC_REFUSED',
            `${m.side}: ${m.privilege} on ${m.object}${m.reason ? ` (${m.reason})` : ''} — ${m.fix}`,
          ),
      ),
      hint: 'Run the statements shown, as the objects’ owner or a superuser, then sync again. docs/security.md (Roles) lists what each side needs.',
    },
  );
}

function label(name: QualifiedName): string {
  return `${name.schema}.${name.name}`;
}
