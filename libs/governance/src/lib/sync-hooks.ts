import type { VerificationCheck } from '@confiture/domain';
import { readCatalog, type PlannedSync, type SyncHook, type SyncOutcome } from '@confiture/sync';
import { snapshotOf, storeAudit } from './audit-store';
import { describeCatalogFinding, findCatalogPii, scrubComments } from './catalog-pii';
import { leakChecks, scanForLeaks, type LeakScanReport } from './leak-scan';
import { checkPiiCoverage, describeFinding, type PiiGateResult } from './pii-gate';
import {
  isPipelineStop,
  PIPELINE_HOOK_POINTS,
  type GovernancePipeline,
  type PipelineReport,
  type PipelineRun,
  type StepReport,
} from './pipeline';

/** Options of {@link createGovernanceHooks}. */
export interface GovernanceHookOptions {
  /** Rows sampled per table by PII detection (default 200). */
  sampleRows?: number;
  /** Confidence at which a column counts as PII (default 0.5). */
  threshold?: number;
  /** Row keys kept per leaking column (default 5). */
  sampleKeys?: number;
  /** Rows examined per table by the leak scan (default: all). */
  maxRowsPerTable?: number;
  /** Run the pattern scan after the load (default true). */
  scanForLeaks?: boolean;
  /**
   * `--allow-pii`: the user declares the source free of PII. What the pattern scan finds is then
   * reported as warnings (in the checks and the report's warnings, never a value), not as a failed
   * verification, unless the profile sets `fail_on_pii_leak` itself.
   */
  allowPii?: boolean;
}

/** What governance adds to a sync's report. */
export interface GovernanceReport {
  pipeline: PipelineReport;
  /** PII columns found in the source and how the profile treats each (`describeFinding` lines). */
  piiColumns: { column: string; coverage: string }[];
  /** PII columns without a rule, under `on_unmapped_pii: warn`. */
  unmapped: string[];
  /** Columns where the pattern scan found PII in the target. */
  leaks: number;
}

/** The hooks that make a sync governed, and what they found. */
export interface GovernanceHooks {
  /** For `runSync`'s `hooks`. */
  readonly hooks: SyncHook[];
  /** What governance found and did, for the sync's report (complete once the sync has ended). */
  report(): GovernanceReport;
}

const DRY_RUN = 'dry run: nothing was written';

/**
 * The hooks a governed sync runs, each phase of `pipeline` at its point of the sync
 * ({@link PIPELINE_HOOK_POINTS}): after pre-flight, before anything is written, PRE_VALIDATION, the
 * fail-closed PII gate (`global.on_unmapped_pii`) and BEFORE_ANONYMIZATION; after the data phase,
 * ANONYMIZATION; in the verification, the PII pattern scan of the target and POST_ANONYMIZATION,
 * as checks; CLEANUP once the sync has ended, whatever happened. A stop before anything is
 * written refuses the sync; after the load it fails the verification (POST_ANONYMIZATION) or the
 * run (ANONYMIZATION).
 */
export function createGovernanceHooks(
  pipeline: GovernancePipeline,
  options: GovernanceHookOptions = {},
): GovernanceHooks {
  const run = pipeline.start();
  let gate: PiiGateResult | undefined;
  let leakScan: LeakScanReport | undefined;
  const sourceSessions = (context: PlannedSync) => ({
    source: context.source,
    sourceCatalog: context.catalog,
  });
  const hooks: SyncHook[] = [
    {
      name: 'governance: PRE_VALIDATION, PII gate, BEFORE_ANONYMIZATION',
      at: PIPELINE_HOOK_POINTS.PRE_VALIDATION,
      async run(context) {
        await run.enter('PRE_VALIDATION', sourceSessions(context));
        gate = await checkPiiCoverage({
          catalog: context.catalog,
          source: context.source,
          profile: context.profile,
          // The source session is inside the sync's snapshot transaction: use savepoints, never end it.
          transaction: 'inside',
          ...(options.sampleRows !== undefined ? { sampleRows: options.sampleRows } : {}),
          ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
        });
        await run.enter('BEFORE_ANONYMIZATION', sourceSessions(context));
        return { warnings: gate.warnings };
      },
    },
    {
      name: 'governance: ANONYMIZATION',
      at: PIPELINE_HOOK_POINTS.ANONYMIZATION,
      async run(context) {
        await scrubComments(context.target, gate?.catalog ?? []);
        await recordDetection(context, gate);
        await run.enter('ANONYMIZATION', { ...sourceSessions(context), target: context.target });
      },
    },
    {
      name: 'governance: PII pattern scan, POST_ANONYMIZATION',
      at: PIPELINE_HOOK_POINTS.POST_ANONYMIZATION,
      async run(context) {
        const checks: VerificationCheck[] = [];
        const warnings: string[] = [];
        const targetCatalog = await readCatalog(context.target);
        if (options.scanForLeaks !== false) {
          leakScan = await scanForLeaks({
            target: context.target,
            profile: context.profile,
            catalog: targetCatalog,
            ...(options.sampleKeys !== undefined ? { sampleKeys: options.sampleKeys } : {}),
            ...(options.maxRowsPerTable !== undefined
              ? { maxRowsPerTable: options.maxRowsPerTable }
              : {}),
          });
          const found = leakChecks(leakScan);
          if (options.allowPii && !context.profile.global.failOnPiiLeakExplicit) {
            const declared = declaredPiiFree(found);
            checks.push(...declared.checks);
            warnings.push(...declared.warnings);
          } else {
            checks.push(...found);
          }
        }
        if (gate && gate.policy !== 'ignore') checks.push(await commentCheck(context.target));
        try {
          const sessions = { ...sourceSessions(context), target: context.target, targetCatalog };
          const steps = await run.enter('POST_ANONYMIZATION', sessions);
          checks.push(...steps.map(stepCheck));
        } catch (error) {
          // The data is in: a stop after the load fails the verification (and the audit records it).
          if (!isPipelineStop(error)) throw error;
          checks.push({ name: 'governance', status: 'failed', detail: error.message });
        }
        return { checks, warnings };
      },
    },
    {
      name: 'governance: CLEANUP',
      at: PIPELINE_HOOK_POINTS.CLEANUP,
      async run(outcome) {
        markSkipped(run, outcome);
        const ended = await run.finish('error' in outcome ? outcome.error : undefined);
        // After a failed sync, its error stays the one thrown; after a good one, CLEANUP's.
        if ('report' in outcome && ended.error !== undefined) throw ended.error;
      },
    },
  ];
  return {
    hooks,
    report: () => ({
      pipeline: run.report,
      piiColumns: (gate?.columns ?? []).map((c) => ({
        column: describeFinding(c),
        coverage: c.coverage.rule
          ? `${c.coverage.status}: ${c.coverage.rule.strategy}`
          : c.coverage.status,
      })),
      unmapped: (gate?.unmapped ?? []).map(describeFinding),
      leaks: leakScan?.leaks.length ?? 0,
    }),
  };
}

/**
 * Keeps the pre-flight's PII detection of the source in the target, as a PII audit of the source
 * (`confiture.pii_audits`, column names, types and categories only, never a value), once the data
 * is in: the records a compliance report reads then say which category each anonymized column was
 * found to hold. Under `on_unmapped_pii: ignore` nothing was detected and nothing is stored.
 */
async function recordDetection(
  context: PlannedSync,
  gate: PiiGateResult | undefined,
): Promise<void> {
  if (!gate?.detection) return;
  const { detection } = gate;
  const pii = detection.columns.filter((c) => c.pii).length;
  await storeAudit(context.target, detection.database, snapshotOf(detection.columns), {
    by: 'confiture sync pre-flight',
    columns: detection.columns.length,
    pii,
  });
}

/**
 * The target's comments, read again after the load: any that still holds personal data (a
 * resumed run, a comment the scrub missed) fails the verification.
 */
async function commentCheck(target: PlannedSync['target']): Promise<VerificationCheck> {
  const left = await findCatalogPii(target, 'plain', ['comment']);
  return left.length === 0
    ? {
        name: 'catalog-comments',
        status: 'passed',
        detail: 'no comment of the target holds personal data',
      }
    : {
        name: 'catalog-comments',
        status: 'failed',
        count: left.length,
        detail: left.map(describeCatalogFinding).join('; '),
      };
}

/** The phases a sync that ended well did not reach, and why. */
function markSkipped(run: PipelineRun, outcome: SyncOutcome): void {
  if (!('report' in outcome)) return;
  const { report } = outcome;
  if (report.status === 'dry-run') {
    run.skip('ANONYMIZATION', DRY_RUN);
    run.skip('POST_ANONYMIZATION', DRY_RUN);
    return;
  }
  if (report.resumed) run.skip('ANONYMIZATION', 'resumed after the data phase: no data was copied');
  if (!report.verification) run.skip('POST_ANONYMIZATION', 'verification was turned off');
}

/**
 * The pattern scan's checks of a source declared free of PII (`--allow-pii`): each finding a
 * warning, also listed among the report's warnings (counts, kinds and row keys, never a value).
 */
function declaredPiiFree(found: readonly VerificationCheck[]): {
  checks: VerificationCheck[];
  warnings: string[];
} {
  const failed = found.filter((c) => c.status === 'failed');
  return {
    checks: found.map((c) => (c.status === 'failed' ? { ...c, status: 'warning' } : c)),
    warnings: failed
      .filter((c) => c.column !== undefined)
      .map(
        (c) =>
          `PII pattern scan (a warning: --allow-pii declares the source free of PII): ${c.detail}`,
      ),
  };
}

function stepCheck(step: StepReport): VerificationCheck {
  return {
    name: `governance:${step.kind}`,
    status:
      step.status === 'stopped'
        ? 'failed'
        : step.status === 'warning'
          ? 'warning'
          : step.status === 'skipped'
            ? 'skipped'
            : step.status,
    detail: `${step.step}${step.detail ? `: ${step.detail}` : ''}`,
    ...(step.count !== undefined ? { count: step.count } : {}),
  };
}
