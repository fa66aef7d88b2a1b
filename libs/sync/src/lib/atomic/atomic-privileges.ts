import { ConfitureError, quoteIdent } from '@confiture/domain';
import type pg from 'pg';
import type { AtomicDatabaseNames } from './atomic-names';

/** What to do with sessions still connected to the target when the grace period ends. */
export type OpenConnectionPolicy = 'terminate' | 'fail';

/** A privilege an atomic refresh lacks, with the statement that grants it. */
export interface MissingPrivilege {
  privilege: string;
  fix: string;
}

/**
 * What the connected role lacks for an atomic refresh of `names.target`: CREATEDB (to create the
 * new copy and to rename), ownership of the target and of an existing previous copy (RENAME, DROP,
 * ALLOW_CONNECTIONS), and pg_signal_backend when open sessions are to be terminated. `admin` is
 * connected to the server's maintenance database. Empty when nothing is missing.
 */
export async function missingAtomicPrivileges(
  admin: pg.ClientBase,
  names: AtomicDatabaseNames,
  policy: OpenConnectionPolicy,
): Promise<MissingPrivilege[]> {
  const { rows } = await admin.query<{
    role: string;
    superuser: boolean;
    createdb: boolean;
    signal: boolean;
  }>(
    `SELECT r.rolname AS role, r.rolsuper AS superuser, r.rolcreatedb AS createdb,
            pg_has_role(current_user, 'pg_signal_backend', 'USAGE') AS signal
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  const me = rows[0]!;
  if (me.superuser) return [];
  const owners = await admin.query<{ name: string; owner: string; owns: boolean }>(
    `SELECT d.datname AS name, pg_get_userbyid(d.datdba) AS owner,
            pg_has_role(current_user, d.datdba, 'USAGE') AS owns
       FROM pg_database d WHERE d.datname = ANY($1)`,
    [[names.target, names.previous]],
  );
  const role = quoteIdent(me.role);
  const missing: MissingPrivilege[] = [];
  if (!me.createdb) {
    missing.push({ privilege: 'CREATEDB', fix: `ALTER ROLE ${role} CREATEDB;` });
  }
  for (const db of owners.rows) {
    if (!db.owns) {
      missing.push({
        privilege: `ownership of database ${db.name} (owned by ${db.owner})`,
        fix: `ALTER DATABASE ${quoteIdent(db.name)} OWNER TO ${role};`,
      });
    }
  }
  if (policy === 'terminate' && !me.signal) {
    missing.push({
      privilege: 'pg_signal_backend (to end sessions still open at the swap)',
      fix: `GRANT pg_signal_backend TO ${role};`,
    });
  }
  return missing;
}

/** Throws SYNC_REFUSED naming every missing privilege and the statements that grant them. */
export async function requireAtomicPrivileges(
  admin: pg.ClientBase,
  names: AtomicDatabaseNames,
  policy: OpenConnectionPolicy,
): Promise<void> {
  const missing = await missingAtomicPrivileges(admin, names, policy);
  if (missing.length === 0) return;
  throw new ConfitureError(
    'SYNC_REFUSED',
    `an atomic refresh of ${names.target} needs ${missing.map((m) => m.privilege).join(', ')}`,
    {
      hint: `As a superuser, run: ${missing.map((m) => m.fix).join(' ')}${
        policy === 'terminate'
          ? ' (or refuse the swap instead of ending sessions: atomic.on_open_connections: fail in the daemon, --on-open-connections fail in the CLI)'
          : ''
      } Nothing was changed.`,
    },
  );
}
