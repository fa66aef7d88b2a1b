import type { VerificationCheck } from '@confiture/domain';
import {
  readCatalog,
  type AfterLoadContext,
  type BeforeWriteContext,
  type SyncHooks,
} from '@confiture/sync';
import { leakChecks, scanForLeaks, type LeakScanReport } from './leak-scan';
import { checkPiiCoverage, type PiiGateResult } from './pii-gate';
import { isPipelineStop, type PipelineSteps, type StepReport } from './pipeline';

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
  /** Steps of a governance pipeline the sync runs inside (see {@link runGovernedSync}). */
  steps?: PipelineSteps;
}

/** Sync hooks that also keep what they found, for the caller's report. */
export interface GovernanceHooks extends SyncHooks {
  /** What the PII gate found (after beforeWrite). */
  readonly gate: PiiGateResult | undefined;
  /** The pattern scan (after afterLoad). */
  readonly leakScan: LeakScanReport | undefined;
}

/**
 * Hooks that make a sync governed: before anything is written, PRE_VALIDATION, the fail-closed
 * PII gate (`global.on_unmapped_pii`) and BEFORE_ANONYMIZATION; after the load, the PII pattern
 * scan of the target and POST_ANONYMIZATION validators, all returned as verification checks.
 */
export function createGovernanceHooks(options: GovernanceHookOptions = {}): GovernanceHooks {
  let gate: PiiGateResult | undefined;
  let leakScan: LeakScanReport | undefined;
  return {
    get gate() {
      return gate;
    },
    get leakScan() {
      return leakScan;
    },
    async beforeWrite(context: BeforeWriteContext) {
      const sessions = { source: context.source, sourceCatalog: context.catalog };
      await options.steps?.enter('PRE_VALIDATION', sessions);
      gate = await checkPiiCoverage({
        catalog: context.catalog,
        source: context.source,
        profile: context.profile,
        // The source session is inside the sync's snapshot transaction: use savepoints, never end it.
        transaction: 'inside',
        ...(options.sampleRows !== undefined ? { sampleRows: options.sampleRows } : {}),
        ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
      });
      await options.steps?.enter('BEFORE_ANONYMIZATION', sessions);
      return { warnings: gate.warnings };
    },
    async afterLoad(context: AfterLoadContext) {
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
        checks.push(...leakChecks(leakScan));
      }
      if (options.steps) {
        try {
          const steps = await options.steps.enter('POST_ANONYMIZATION', {
            source: context.source,
            sourceCatalog: context.catalog,
            target: context.target,
            targetCatalog,
          });
          checks.push(...steps.map(stepCheck));
        } catch (error) {
          // The data is in: a stop after the load fails the verification (and the audit records it).
          if (!isPipelineStop(error)) throw error;
          checks.push({ name: 'governance', status: 'failed', detail: error.message });
        }
      }
      return { checks, warnings };
    },
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
