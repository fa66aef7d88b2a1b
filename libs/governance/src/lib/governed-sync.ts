import { ConfitureError, type SyncReport } from '@confiture/domain';
import { runSync, type SyncOptions } from '@confiture/sync';
import { describeFinding } from './pii-gate';
import type { GovernancePipeline, PipelineReport } from './pipeline';
import { pipelineFromProfile, type GovernanceRegistry } from './profile-pipeline';
import { createGovernanceHooks, type GovernanceHookOptions } from './sync-hooks';

/** Options of {@link runGovernedSync}: the sync's own, plus governance. */
export interface GovernedSyncOptions extends Omit<SyncOptions, 'hooks'> {
  /** The pipeline to run (default: built from the profile's `governance:` with `registry`). */
  pipeline?: GovernancePipeline;
  /** Hooks and custom validators the profile may name. */
  registry?: GovernanceRegistry;
  governance?: Omit<GovernanceHookOptions, 'steps'>;
  /** Runs the sync (default `runSync` of `@confiture/sync`; tests and the daemon may wrap it). */
  sync?: (options: SyncOptions) => Promise<SyncReport>;
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

/**
 * Runs a sync inside the governance pipeline: PRE_VALIDATION, the PII gate and
 * BEFORE_ANONYMIZATION before anything is written, the sync as ANONYMIZATION, the PII pattern
 * scan and POST_ANONYMIZATION in its verification, CLEANUP always. A stop by a hook or
 * validator, or an unmapped PII column under `on_unmapped_pii: fail`, throws after CLEANUP.
 */
export async function runGovernedSync(
  options: GovernedSyncOptions,
): Promise<{ report: SyncReport; governance: GovernanceReport }> {
  const { pipeline: given, registry, governance, sync = runSync, ...syncOptions } = options;
  const pipeline = given ?? pipelineFromProfile(options.profile, registry);
  let hooks: ReturnType<typeof createGovernanceHooks> | undefined;
  const result = await pipeline.run(
    async (steps) => {
      hooks = createGovernanceHooks({ ...governance, steps });
      const report = await sync({ ...syncOptions, hooks });
      if (report.status === 'dry-run')
        steps.skip('POST_ANONYMIZATION', 'dry run: nothing was written');
      else if (!report.verification)
        steps.skip('POST_ANONYMIZATION', 'verification was turned off');
      return report;
    },
    { mode: 'inside' },
  );
  const report = result.unwrap();
  const gate = hooks?.gate;
  const governanceReport: GovernanceReport = {
    pipeline: result.report,
    piiColumns: (gate?.columns ?? []).map((c) => ({
      column: describeFinding(c),
      coverage: c.coverage.rule
        ? `${c.coverage.status}: ${c.coverage.rule.strategy}`
        : c.coverage.status,
    })),
    unmapped: (gate?.unmapped ?? []).map(describeFinding),
    leaks: hooks?.leakScan?.leaks.length ?? 0,
  };
  const stop = result.report.stoppedBy;
  if (stop) {
    // A stop after the load: the verification already failed and the audit recorded it.
    throw new ConfitureError(
      'VERIFICATION_FAILED',
      `${stop.phase}: ${stop.step} stopped the run: ${stop.reason}`,
      {
        hint: 'The data is in the target, but a governance validator or hook refused it.',
      },
    );
  }
  return { report, governance: governanceReport };
}
