import { setTimeout as sleep } from 'node:timers/promises';
import { ConfitureError, quoteIdent } from '@confiture/domain';
import type pg from 'pg';
import type { AtomicDatabaseNames } from './atomic-names';
import type { OpenConnectionPolicy } from './atomic-privileges';

/** How {@link drainSessions} treats the sessions of a database about to be renamed. */
export interface DrainOptions {
  /** Milliseconds clients get to disconnect by themselves. */
  graceMs: number;
  policy: OpenConnectionPolicy;
}

/** How often the sessions of a draining database are counted. */
const DRAIN_CHECK_MS = 200;
/** How long terminated sessions get to exit. */
const TERMINATED_EXIT_MS = 10_000;

/**
 * Closes `database` to new connections (ALLOW_CONNECTIONS false), waits up to `graceMs` for its
 * client sessions to end, then terminates the rest (`terminate`) or reopens it and refuses
 * (`fail`). Returns how many sessions were terminated. The caller reopens the database.
 */
export async function drainSessions(
  admin: pg.ClientBase,
  database: string,
  options: DrainOptions,
): Promise<number> {
  const name = quoteIdent(database);
  await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
  const sessions = async () =>
    (
      await admin.query<{ pid: number; role: string }>(
        `SELECT pid, usename AS role FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid() AND usename IS NOT NULL
            -- backend_type is hidden (NULL) in other roles' rows without pg_read_all_stats.
            AND coalesce(backend_type, 'client backend') = 'client backend'`,
        [database],
      )
    ).rows;
  const deadline = Date.now() + options.graceMs;
  let open = await sessions();
  while (open.length > 0 && Date.now() < deadline) {
    await sleep(DRAIN_CHECK_MS);
    open = await sessions();
  }
  if (open.length === 0) return 0;
  if (options.policy === 'fail') {
    await reopen(admin, database);
    throw new ConfitureError(
      'SYNC_REFUSED',
      `${open.length} session(s) still connected to ${database} after ${options.graceMs / 1000} s; the swap was not made`,
      {
        hint: 'Disconnect the clients of the target and run again, or end them after the grace period: atomic.on_open_connections: terminate in the daemon, --on-open-connections terminate in the CLI.',
      },
    );
  }
  for (const session of open) {
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [session.pid]);
    } catch (error) {
      await reopen(admin, database);
      throw new ConfitureError(
        'SYNC_REFUSED',
        `cannot end session ${session.pid} of ${session.role} on ${database}: ${(error as Error).message}`,
        {
          hint: 'Sessions of a superuser can only be ended by a superuser; close it, then run again.',
        },
      );
    }
  }
  const exitBy = Date.now() + TERMINATED_EXIT_MS;
  while ((await sessions()).length > 0) {
    if (Date.now() > exitBy) {
      await reopen(admin, database);
      throw new ConfitureError(
        'SYNC_REFUSED',
        `sessions on ${database} did not exit when terminated`,
      );
    }
    await sleep(DRAIN_CHECK_MS);
  }
  return open.length;
}

/** Lets clients connect to `database` again. */
export async function reopen(admin: pg.ClientBase, database: string): Promise<void> {
  await admin
    .query(`ALTER DATABASE ${quoteIdent(database)} WITH ALLOW_CONNECTIONS true`)
    .catch(() => undefined);
}

/** The comment an atomic swap leaves on the database it swapped in, naming the job. */
export function swapMarker(key: string, at: Date): string {
  return `Confiture atomic refresh: job ${key}, swapped in at ${at.toISOString()}`;
}

/** The job key of the atomic refresh that swapped `database` in, if one did. */
export async function swappedInBy(
  admin: pg.ClientBase,
  database: string,
): Promise<string | undefined> {
  const { rows } = await admin.query<{ comment: string | null }>(
    `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
    [database],
  );
  return /^Confiture atomic refresh: job (\S+), /.exec(rows[0]?.comment ?? '')?.[1];
}

/** Whether `database` exists on the server. */
export async function databaseExists(admin: pg.ClientBase, database: string): Promise<boolean> {
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
    database,
  ]);
  return (rowCount ?? 0) > 0;
}

/** Drops `database` if it exists, ending the sessions on it. */
export async function dropDatabase(admin: pg.ClientBase, database: string): Promise<void> {
  await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
}

/**
 * In one transaction: the target becomes the previous copy, the building database becomes the
 * target (marked with `marker`), and both accept connections. The previous previous copy is
 * dropped first. Call after {@link drainSessions} of the target.
 */
export async function swapIn(
  admin: pg.ClientBase,
  names: AtomicDatabaseNames,
  marker: string,
): Promise<{ previous: boolean }> {
  const hadTarget = await databaseExists(admin, names.target);
  await dropDatabase(admin, names.previous);
  await admin.query('BEGIN');
  try {
    if (hadTarget) {
      await admin.query(
        `ALTER DATABASE ${quoteIdent(names.target)} RENAME TO ${quoteIdent(names.previous)}`,
      );
      await admin.query(`ALTER DATABASE ${quoteIdent(names.previous)} WITH ALLOW_CONNECTIONS true`);
    }
    await admin.query(
      `ALTER DATABASE ${quoteIdent(names.building)} RENAME TO ${quoteIdent(names.target)}`,
    );
    await admin.query(`COMMENT ON DATABASE ${quoteIdent(names.target)} IS ${literal(marker)}`);
    await admin.query('COMMIT');
  } catch (error) {
    await admin.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return { previous: hadTarget };
}

/** In one transaction: the target and the previous copy trade names. */
export async function tradePlaces(admin: pg.ClientBase, names: AtomicDatabaseNames): Promise<void> {
  const [target, previous, swap] = [names.target, names.previous, names.swap].map(quoteIdent);
  await admin.query('BEGIN');
  try {
    await admin.query(`ALTER DATABASE ${target} RENAME TO ${swap}`);
    await admin.query(`ALTER DATABASE ${previous} RENAME TO ${target}`);
    await admin.query(`ALTER DATABASE ${swap} RENAME TO ${previous}`);
    await admin.query(`ALTER DATABASE ${target} WITH ALLOW_CONNECTIONS true`);
    await admin.query(`ALTER DATABASE ${previous} WITH ALLOW_CONNECTIONS true`);
    await admin.query('COMMIT');
  } catch (error) {
    await admin.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Creates `name` empty, with the encoding, collation, character type and locale provider of
 * `like` (when it exists) and the same database-level grants.
 */
export async function createDatabaseLike(
  admin: pg.ClientBase,
  name: string,
  like: string,
): Promise<void> {
  const { rows } = await admin.query<{
    encoding: string;
    collate: string;
    ctype: string;
    provider: string | null;
    locale: string | null;
    acl: boolean;
  }>(
    `SELECT pg_encoding_to_char(d.encoding) AS encoding, d.datcollate AS collate, d.datctype AS ctype,
            to_jsonb(d) ->> 'datlocprovider' AS provider,
            coalesce(to_jsonb(d) ->> 'datlocale', to_jsonb(d) ->> 'daticulocale') AS locale,
            d.datacl IS NOT NULL AS acl
       FROM pg_database d WHERE d.datname = $1`,
    [like],
  );
  const db = rows[0];
  let sql = `CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`;
  if (db) {
    sql += ` ENCODING ${literal(db.encoding)} LC_COLLATE ${literal(db.collate)} LC_CTYPE ${literal(db.ctype)}`;
    if (db.provider === 'i' && db.locale)
      sql += ` LOCALE_PROVIDER icu ICU_LOCALE ${literal(db.locale)}`;
    if (db.provider === 'b' && db.locale) {
      sql += ` LOCALE_PROVIDER builtin BUILTIN_LOCALE ${literal(db.locale)}`;
    }
  }
  await admin.query(sql);
  if (db?.acl) {
    const grants = await admin.query<{ privilege: string; grantee: string }>(
      `SELECT a.privilege_type AS privilege,
              CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END AS grantee
         FROM pg_database d, aclexplode(d.datacl) a
        WHERE d.datname = $1 AND a.grantee <> d.datdba`,
      [like],
    );
    await admin.query(`REVOKE ALL ON DATABASE ${quoteIdent(name)} FROM PUBLIC`);
    for (const grant of grants.rows) {
      await admin.query(
        `GRANT ${grant.privilege} ON DATABASE ${quoteIdent(name)} TO ${grant.grantee}`,
      );
    }
  }
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
