import { ConfitureError, type ConnectionConfig } from '@confiture/domain';
import type pg from 'pg';
import { userSchemaCondition } from '../catalog';
import { openConnection } from '../connection';
import { lockAtomicRefresh } from '../run/target-lock';
import { atomicDatabaseNames, type AtomicDatabaseNames } from './atomic-names';
import { requireAtomicPrivileges, type OpenConnectionPolicy } from './atomic-privileges';
import {
  createDatabaseLike,
  databaseExists,
  drainSessions,
  dropDatabase,
  reopen,
  swapIn,
  swapMarker,
  swappedInBy,
  tradePlaces,
} from './database-swap';
import { hasUnfinishedRun } from './unfinished-run';

/** Where and how an atomic refresh or its rollback swaps databases. */
export interface AtomicSwapSettings {
  /** The target as configured; the new copy is built beside it on its server. */
  target: ConnectionConfig;
  /** Seconds the target's clients get to disconnect at the swap (default 30). */
  graceSeconds?: number;
  /** After the grace period: end the remaining sessions, or refuse the swap (default `terminate`). */
  onOpenConnections?: OpenConnectionPolicy;
  /** Database of the target's server to connect to while renaming (default `postgres`). */
  maintenanceDatabase?: string;
  /** Progress lines, e.g. for a log. */
  onStep?: (description: string) => void;
}

/** What a carry of the target's own records copied: table → rows. */
export type CarriedRecords = Record<string, number>;

/** Options of {@link runAtomicSync}. */
export interface AtomicSyncOptions<R> extends AtomicSwapSettings {
  /**
   * Copies the target's own records (vault, signed ledgers) from the current target into the new
   * copy before its sync appends, so the chains go on unbroken: `carryRecords` of
   * `@confiture/security`, which owns those tables.
   */
  carryRecords: (from: pg.Client, to: pg.Client) => Promise<CarriedRecords>;
  /** Names the new copy; the same key (a job id) resumes into the same database. */
  key: string;
  /**
   * Runs the sync into `building` (the new copy, on the target's server). `resume` is true when
   * that database holds an unfinished sync of this key to continue.
   */
  sync: (building: ConnectionConfig, run: { resume: boolean }) => Promise<R>;
  /**
   * Continue an unfinished build of this key if there is one, or do nothing if this key's copy was
   * already swapped in (default false: start over).
   */
  resume?: boolean;
  /** Asked before a target that holds tables is replaced; without it, such a target is replaced. */
  confirmReplace?: (state: { label: string; tables: number }) => Promise<boolean>;
  /** Errors after which the new copy is kept for a later resume (a hand-over), not dropped. */
  keepBuildOnError?: (error: unknown) => boolean;
}

/** What an atomic refresh did. */
export interface AtomicSwapReport {
  target: string;
  /** The name the replaced target is kept under (absent when there was no target before). */
  previous?: string;
  building: string;
  resumed: boolean;
  /** Rows of the target's own records carried into the new copy, by table. */
  carried: CarriedRecords;
  /** Sessions ended at the swap after the grace period. */
  terminatedSessions: number;
  swappedAt: string;
}

/** The result of {@link runAtomicSync}; `alreadySwapped` when an earlier attempt of this key swapped. */
export type AtomicSyncResult<R> =
  | { alreadySwapped: false; result: R; swap: AtomicSwapReport }
  | { alreadySwapped: true; swap?: undefined; result?: undefined };

/**
 * An atomic refresh: builds the new copy in a database beside the target (named after `key`),
 * carries the target's own records into it, runs `sync` into it, and only when `sync` returns
 * (verification passed) swaps the names: the target becomes `<target>_cf_previous`, the new copy
 * becomes the target. A failure before the swap drops the new copy (unless `keepBuildOnError`):
 * the target is never touched. Privileges are checked first. See docs/sync.md, "Atomic refresh".
 */
export async function runAtomicSync<R>(
  options: AtomicSyncOptions<R>,
): Promise<AtomicSyncResult<R>> {
  const names = atomicDatabaseNames(options.target.database, options.key);
  const step = options.onStep ?? (() => undefined);
  const policy = options.onOpenConnections ?? 'terminate';
  return withAdmin(options, async (admin) => {
    await lockAtomicRefresh(admin, options.target);
    await requireAtomicPrivileges(admin, names, policy);
    if (options.resume && (await swappedInBy(admin, names.target)) === options.key) {
      step(`${names.target} was already swapped in by this job`);
      return { alreadySwapped: true };
    }
    const hadTarget = await databaseExists(admin, names.target);
    let resumed = false;
    if (options.resume && (await databaseExists(admin, names.building))) {
      resumed = await withDatabase(options.target, names.building, hasUnfinishedRun);
    }
    let carried: CarriedRecords = {};
    if (!resumed) {
      if (hadTarget && options.confirmReplace) {
        const tables = await withDatabase(options.target, names.target, countUserTables);
        if (
          tables > 0 &&
          !(await options.confirmReplace({ label: options.target.label, tables }))
        ) {
          throw new ConfitureError(
            'SYNC_REFUSED',
            `the target ${options.target.label} holds ${tables} tables; nothing was changed`,
            { hint: 'Add --yes to replace it.' },
          );
        }
      }
      await dropDatabase(admin, names.building);
      step(`creating ${names.building} beside ${names.target}`);
      await createDatabaseLike(admin, names.building, names.target);
      try {
        if (hadTarget) {
          carried = await withDatabase(options.target, names.target, (from) =>
            withDatabase(options.target, names.building, (to) => options.carryRecords(from, to)),
          );
          step(`carried the target's records into ${names.building}`);
        }
      } catch (error) {
        await dropDatabase(admin, names.building).catch(() => undefined);
        throw error;
      }
    } else {
      step(`resuming the build in ${names.building}`);
    }
    const building = buildingConnection(options.target, names);
    let result: R;
    try {
      result = await options.sync(building, { resume: resumed });
    } catch (error) {
      if (!options.keepBuildOnError?.(error)) {
        step(`dropping ${names.building}: the target was not touched`);
        await dropDatabase(admin, names.building).catch(() => undefined);
      }
      throw error;
    }
    try {
      step(`swapping ${names.building} in as ${names.target}`);
      const terminatedSessions = hadTarget
        ? await drainSessions(admin, names.target, drainOptions(options, policy))
        : 0;
      const swappedAt = new Date();
      try {
        await swapIn(admin, names, swapMarker(options.key, swappedAt));
      } catch (error) {
        await reopen(admin, names.target);
        throw error;
      }
      return {
        alreadySwapped: false,
        result,
        swap: {
          target: names.target,
          ...(hadTarget ? { previous: names.previous } : {}),
          building: names.building,
          resumed,
          carried,
          terminatedSessions,
          swappedAt: swappedAt.toISOString(),
        },
      };
    } catch (error) {
      step(`dropping ${names.building}: the swap failed and the target was not touched`);
      await dropDatabase(admin, names.building).catch(() => undefined);
      throw error;
    }
  });
}

/** Options of {@link rollbackAtomicSync}. */
export interface AtomicRollbackOptions extends AtomicSwapSettings {
  /** Refuse unless the current target was swapped in by this job key. */
  swappedInBy?: string;
}

/**
 * Swaps the previous copy back in: the target and `<target>_cf_previous` trade names (a second
 * rollback undoes the first). Refused when there is no previous copy, or when `swappedInBy` is
 * given and the current target is not that job's copy.
 */
export async function rollbackAtomicSync(
  options: AtomicRollbackOptions,
): Promise<{ target: string; previous: string; terminatedSessions: number }> {
  const names = atomicDatabaseNames(options.target.database, 'rollback');
  const policy = options.onOpenConnections ?? 'terminate';
  return withAdmin(options, async (admin) => {
    await requireAtomicPrivileges(admin, names, policy);
    if (!(await databaseExists(admin, names.previous))) {
      throw new ConfitureError(
        'NOT_FOUND',
        `there is no previous copy of ${names.target} (${names.previous}) to swap back`,
        { hint: 'Only a target replaced by an atomic refresh has a previous copy.' },
      );
    }
    if (options.swappedInBy !== undefined) {
      const current = await swappedInBy(admin, names.target);
      if (current !== options.swappedInBy) {
        throw new ConfitureError(
          'CONFLICT',
          `${names.target} is not the copy job ${options.swappedInBy} swapped in${current ? ` (job ${current} swapped it in)` : ''}`,
          { hint: 'Roll back the job whose copy is the current target.' },
        );
      }
    }
    const drain = drainOptions(options, policy);
    let terminatedSessions = 0;
    try {
      terminatedSessions += await drainSessions(admin, names.target, drain);
      terminatedSessions += await drainSessions(admin, names.previous, drain);
      await tradePlaces(admin, names);
    } catch (error) {
      await reopen(admin, names.target);
      await reopen(admin, names.previous);
      throw error;
    }
    options.onStep?.(`${names.previous} swapped back in as ${names.target}`);
    return { target: names.target, previous: names.previous, terminatedSessions };
  });
}

/** Drops the new copy job `key` was building, if it is there (a job cancelled while handed over). */
export async function dropAtomicBuild(
  options: Omit<AtomicSwapSettings, 'graceSeconds' | 'onOpenConnections'> & { key: string },
): Promise<boolean> {
  const names = atomicDatabaseNames(options.target.database, options.key);
  return withAdmin(options, async (admin) => {
    if (!(await databaseExists(admin, names.building))) return false;
    await dropDatabase(admin, names.building);
    return true;
  });
}

/** Checks, before anything is written, that the target's role may refresh it atomically. */
export async function checkAtomicPrivileges(settings: AtomicSwapSettings): Promise<void> {
  const names = atomicDatabaseNames(settings.target.database, 'check');
  await withAdmin(settings, (admin) =>
    requireAtomicPrivileges(admin, names, settings.onOpenConnections ?? 'terminate'),
  );
}

function drainOptions(settings: AtomicSwapSettings, policy: OpenConnectionPolicy) {
  return { graceMs: (settings.graceSeconds ?? 30) * 1000, policy };
}

function buildingConnection(
  target: ConnectionConfig,
  names: AtomicDatabaseNames,
): ConnectionConfig {
  return { ...target, database: names.building, readonly: false };
}

async function withAdmin<T>(
  settings: Pick<AtomicSwapSettings, 'target' | 'maintenanceDatabase'>,
  work: (admin: pg.Client) => Promise<T>,
): Promise<T> {
  const database = settings.maintenanceDatabase ?? 'postgres';
  const admin = await openConnection(
    {
      ...settings.target,
      database,
      label: `${settings.target.label} (server, database ${database})`,
    },
    { role: 'admin', applicationName: 'confiture atomic refresh' },
  );
  try {
    return await work(admin);
  } finally {
    await admin.end().catch(() => undefined);
  }
}

async function withDatabase<T>(
  target: ConnectionConfig,
  database: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = await openConnection(
    { ...target, database, readonly: false },
    { role: 'admin', applicationName: 'confiture atomic refresh' },
  );
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function countUserTables(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND ${userSchemaCondition('n')}`,
  );
  return rows[0]!.n;
}
