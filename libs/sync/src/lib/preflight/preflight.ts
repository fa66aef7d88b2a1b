import { randomBytes } from 'node:crypto';
import { ConfitureError, literalSeedWarnings, usesTokenize } from '@confiture/domain';
import { useHmacBackend, type HmacBackend } from '@confiture/strategies';
import type pg from 'pg';
import { readCatalog, type DatabaseCatalog } from '../catalog';
import { planSync, type SyncPlan } from '../plan/plan';
import { checkSkippedObjects, readSkippedObjects } from '../schema';
import { guardProfileSql } from '../sql-guard/profile-sql';
import type { RunContext } from '../run/run-context';
import { requireSyncPrivileges } from './privileges';
import { explainProfileSql } from './explain-profile-sql';
import { refuseSameDatabase } from './same-database';
import { resolveSeeds, type RuleSeeds } from './seeds';
import { SharedSnapshot } from './snapshot';
import { refuseUncreatableViews } from './uncreatable-views';

/** What pre-flight established, before anything is written. */
export interface Preflight {
  /** The coordinator: a read-only source session holding the snapshot every worker joins. */
  source: pg.Client;
  target: pg.Client;
  snapshot: SharedSnapshot;
  /** The source's tables, columns and keys, read in the snapshot. */
  catalog: DatabaseCatalog;
  plan: SyncPlan;
  seeds: RuleSeeds;
  /** What the strategies hash HMAC batches with, in this thread and in the worker threads. */
  hmacBackend: HmacBackend;
}

/**
 * Pre-flight: refuses a readonly target, connects to both sides (the source read-only), refuses a
 * database synced into itself, opens the snapshot, reads the catalog, checks every rule against it
 * (all problems at once), checks both roles' privileges and has the source plan the profile's SQL
 * (filters, SQL strategies, constant outputs), lists the objects the schema copy leaves out (refused under
 * `strictSchema`), reads the seeds and the HMAC backend, and refuses tokenize rules with no
 * vault. Writes nothing; every refusal names what to do.
 */
export async function preflight(run: RunContext): Promise<Preflight> {
  const { options } = run;
  const { profile } = options;
  if (options.target.readonly) {
    throw new ConfitureError(
      'SYNC_REFUSED',
      `the target ${options.target.label} is marked readonly`,
      {
        ...(options.target.file ? { file: options.target.file } : {}),
        hint: 'A sync overwrites its target: choose another target, or set readonly: false in its environment file.',
      },
    );
  }
  const marker = `confiture-sync-${randomBytes(6).toString('hex')}`;
  const source = await run.connect(options.source, 'source', marker);
  const target = await run.connect(options.target, 'target', 'confiture sync (target)');
  await refuseSameDatabase(target, marker, options.source.label);
  const snapshot = await SharedSnapshot.open(source);
  const catalog = await readCatalog(source);
  await refuseUncreatableViews(source);
  const plan = planSync(profile, catalog, {
    ...(options.onlyTables ? { onlyTables: options.onlyTables } : {}),
  });
  plan.warnings.forEach((w) => run.warn(w));
  await guardProfileSql(plan, profile, source);
  await requireSyncPrivileges(source, target, plan);
  await explainProfileSql(source, plan, profile);
  const skipped = await readSkippedObjects(source);
  checkSkippedObjects(skipped, options.strictSchema ?? false).forEach((w) => run.warn(w));
  const seeds = resolveSeeds(plan, profile, options.env ?? process.env);
  // A backend that does not load is said here, before anything is written, not by the first batch.
  const hmacBackend = useHmacBackend(options.hmacBackend ?? 'auto');
  literalSeedWarnings(profile, options.source).forEach((w) => run.warn(w));
  if (
    !options.recorder &&
    plan.tables.some((t) => !t.excluded && t.columns.some((c) => usesTokenize(c.rule)))
  ) {
    throw new ConfitureError(
      'PLAN_INVALID',
      'tokenize rules need the token vault, and none is configured',
      {
        hint: 'Run the sync through the confiture CLI, which stores token originals encrypted in the target.',
      },
    );
  }
  return { source, target, snapshot, catalog, plan, seeds, hmacBackend };
}
