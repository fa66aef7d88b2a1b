import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { ConfitureError, type ConnectionConfig } from '@confiture/domain';
import type pg from 'pg';
import type { RunContext } from './run-context';

/** The label the lock key is derived from: one key for every Confiture sync, in every target. */
const TARGET_LOCK_LABEL = 'confiture sync target lock v1';
/** The label the atomic refresh lock of one target database is derived from, with its name. */
const ATOMIC_LOCK_LABEL = 'confiture atomic refresh lock v1';

/**
 * The advisory lock key every sync takes on its target: the first 8 bytes of SHA-256 of a fixed
 * label, as a signed bigint. Advisory locks are scoped to one database, so one key serves every
 * target, and an atomic refresh (which builds into a database of its own) locks that database.
 */
export const TARGET_LOCK_KEY: string = lockKey(TARGET_LOCK_LABEL);

/** A signed bigint advisory lock key: the first 8 bytes of SHA-256 of `label`. */
function lockKey(label: string): string {
  return createHash('sha256').update(label).digest().readBigInt64BE(0).toString();
}

/** The prefix of the lock session's application name; what follows names the process. */
const LOCK_SESSION_NAME = 'confiture sync lock';

/**
 * Takes the target's sync lock for the whole run: a session advisory lock on a connection of its
 * own, held until the run closes its connections (or its process dies, when PostgreSQL releases
 * it). A second sync into the same target is refused at once, before it reads or writes anything
 * else, naming the run that holds the lock.
 */
export async function lockTarget(run: RunContext): Promise<void> {
  const { target } = run.options;
  const name = `${LOCK_SESSION_NAME} ${hostname()} pid ${process.pid}`.slice(0, 63);
  const session = await run.connect(target, 'target', name);
  const { rows } = await session.query<{ locked: boolean }>(
    'SELECT pg_try_advisory_lock($1::bigint) AS locked',
    [TARGET_LOCK_KEY],
  );
  if (rows[0]?.locked) return;
  const holder = await describeHolder(session, TARGET_LOCK_KEY);
  throw new ConfitureError(
    'SYNC_REFUSED',
    `another sync is running into ${target.label}${holder ? ` (${holder})` : ''}; nothing was changed`,
    {
      hint: 'Wait for it to finish (or stop it), then sync again; two syncs into one target would overwrite each other.',
    },
  );
}

/**
 * Takes the lock of atomic refreshes of `target` on `admin`, a session on the target server's
 * maintenance database that the refresh holds from its start to after the swap: a second atomic
 * refresh of the same target (which would build into, or drop, the same new database) is refused
 * at once, naming the first. The key is derived from a fixed label and the target database's name.
 */
export async function lockAtomicRefresh(
  admin: pg.ClientBase,
  target: ConnectionConfig,
): Promise<void> {
  const key = lockKey(`${ATOMIC_LOCK_LABEL}\u0000${target.database}`);
  const name = `${LOCK_SESSION_NAME} ${hostname()} pid ${process.pid}`.slice(0, 63);
  await admin.query(`SELECT set_config('application_name', $1, false)`, [name]);
  const { rows } = await admin.query<{ locked: boolean }>(
    'SELECT pg_try_advisory_lock($1::bigint) AS locked',
    [key],
  );
  if (rows[0]?.locked) return;
  const holder = await describeHolder(admin, key);
  throw new ConfitureError(
    'SYNC_REFUSED',
    `another atomic refresh of ${target.label} is running${holder ? ` (${holder})` : ''}; nothing was changed`,
    { hint: 'Wait for it to finish (or stop it), then refresh again.' },
  );
}

/** What the database says of the session holding lock `key`, and of the run it is recording. */
async function describeHolder(session: pg.ClientBase, key: string): Promise<string> {
  const parts: string[] = [];
  const { rows: holders } = await session.query<{
    pid: number;
    application_name: string | null;
    client_addr: string | null;
    backend_start: Date | null;
  }>(
    `SELECT l.pid, a.application_name, a.client_addr::text AS client_addr, a.backend_start
       FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.objsubid = 1 AND ((l.classid::bigint << 32) | l.objid::bigint) = $1::bigint
      LIMIT 1`,
    [key],
  );
  const holder = holders[0];
  if (holder) {
    const process = holder.application_name?.startsWith(LOCK_SESSION_NAME)
      ? holder.application_name.slice(LOCK_SESSION_NAME.length).trim()
      : undefined;
    parts.push(
      [
        process ? `held by ${process}` : 'held',
        `server pid ${holder.pid}`,
        holder.client_addr ? `from ${holder.client_addr}` : undefined,
        holder.backend_start ? `since ${holder.backend_start.toISOString()}` : undefined,
      ]
        .filter(Boolean)
        .join(', '),
    );
  }
  const run = await latestRunningRun(session);
  if (run) parts.push(`run ${run.runId} started ${run.startedAt.toISOString()}`);
  return parts.join('; ');
}

async function latestRunningRun(
  session: pg.ClientBase,
): Promise<{ runId: string; startedAt: Date } | undefined> {
  const { rows: present } = await session.query<{ ok: boolean }>(
    `SELECT to_regclass('confiture.sync_runs') IS NOT NULL AS ok`,
  );
  if (!present[0]?.ok) return undefined;
  const { rows } = await session.query<{ run_id: string; started_at: Date }>(
    `SELECT run_id::text, started_at FROM confiture.sync_runs WHERE status = 'running'
      ORDER BY started_at DESC LIMIT 1`,
  );
  return rows[0] ? { runId: rows[0].run_id, startedAt: rows[0].started_at } : undefined;
}
