import { formatQualifiedName, type Profile, type VerificationCheck } from '@confiture/domain';
import {
  checkForeignKeys,
  checkNoSourceValues,
  checkRowCounts,
  planSync,
  readCatalog,
  readLatestRun,
} from '@confiture/sync';
import type pg from 'pg';
import { leakChecks, scanForLeaks, type LeakScanReport } from './leak-scan';

/** Options of {@link verifyTarget}. */
export interface VerifyTargetOptions {
  /** A read-only session on the source. */
  source: pg.ClientBase;
  /** A session on the target (only read). */
  target: pg.ClientBase;
  profile: Profile;
  /** Row keys kept per leaking column (default 5). */
  sampleKeys?: number;
  /** Rows examined per table by the pattern scan (default: all). */
  maxRowsPerTable?: number;
}

/** What `confiture verify` reports. */
export interface VerificationReport {
  /** No check failed. */
  passed: boolean;
  /** Failed checks are PII leaks (source values or patterns found in the target). */
  leaked: boolean;
  /** Whether a leak makes the command fail (`global.fail_on_pii_leak`). */
  failOnPiiLeak: boolean;
  checks: VerificationCheck[];
  leakScan: LeakScanReport;
  durationMs: number;
}

/**
 * Verifies a target against its source and profile, on its own (after a sync, or on a target
 * loaded some other way): no source value of an anonymized column appears in the target (row by
 * row for format-preserving strategies), row counts of unfiltered tables, foreign keys, and the
 * PII pattern scan of every column not declared safe; and, when a sync made the target, that its
 * last run completed (one that failed, its verification included, is not a good copy). The source is read in one REPEATABLE READ
 * READ ONLY transaction; its rows may have changed since the target was loaded, so count
 * differences are warnings here.
 */
export async function verifyTarget(options: VerifyTargetOptions): Promise<VerificationReport> {
  const started = Date.now();
  const { source, target, profile } = options;
  const checks: VerificationCheck[] = [];
  await source.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  let leakScan: LeakScanReport;
  try {
    const sourceCatalog = await readCatalog(source);
    const targetCatalog = await readCatalog(target);
    const plan = planSync(profile, sourceCatalog);
    const lastSync = await lastSyncCheck(target);
    if (lastSync) checks.push(lastSync);
    const inTarget = new Set(targetCatalog.tables.map((t) => formatQualifiedName(t.name)));
    // The sync's own checks; the source is read now, not in the snapshot the target was made in.
    checks.push(
      ...(await checkRowCounts(source, target, plan, { reading: 'now', inTarget })).checks,
    );
    checks.push(
      ...(await checkNoSourceValues(source, target, plan, (table) =>
        inTarget.has(formatQualifiedName(table.name)),
      )),
    );
    checks.push(await checkForeignKeys(target));

    leakScan = await scanForLeaks({
      target,
      profile,
      catalog: targetCatalog,
      ...(options.sampleKeys !== undefined ? { sampleKeys: options.sampleKeys } : {}),
      ...(options.maxRowsPerTable !== undefined
        ? { maxRowsPerTable: options.maxRowsPerTable }
        : {}),
    });
    checks.push(...leakChecks(leakScan));
  } finally {
    await source.query('COMMIT').catch(() => undefined);
  }
  const failed = checks.filter((c) => c.status === 'failed');
  return {
    passed: failed.length === 0,
    leaked: failed.some((c) => c.name === 'no-source-values' || c.name === 'pii-pattern-scan'),
    failOnPiiLeak: profile.global.failOnPiiLeak,
    checks,
    leakScan,
    durationMs: Date.now() - started,
  };
}

/**
 * Whether the target's last sync (its `confiture.sync_runs`) completed: a run that failed (its
 * verification included) or never finished left a target that is not a good copy, whatever the
 * other checks find in it now. No check for a target no sync made.
 */
async function lastSyncCheck(target: pg.ClientBase): Promise<VerificationCheck | undefined> {
  const run = await readLatestRun(target);
  if (!run) return undefined;
  if (run.status === 'completed') {
    return {
      name: 'last-sync',
      status: 'passed',
      detail: `the last sync into the target (run ${run.runId}) completed`,
    };
  }
  const how =
    run.status === 'failed'
      ? `failed at phase ${run.phase}${run.error ? `: ${run.error}` : ''}`
      : `never finished (phase ${run.phase})`;
  return {
    name: 'last-sync',
    status: 'failed',
    detail: `the last sync into the target (run ${run.runId}, started ${run.startedAt.toISOString()}) ${how}; the target is not a good copy`,
  };
}
