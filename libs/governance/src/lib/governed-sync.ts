import type { SyncReport } from '@confiture/domain';
import { runSync, type SyncOptions } from '@confiture/sync';
import type { GovernancePipeline } from './pipeline';
import { pipelineFromProfile, type GovernanceRegistry } from './profile-pipeline';
import {
  createGovernanceHooks,
  type GovernanceHookOptions,
  type GovernanceReport,
} from './sync-hooks';

/** Options of {@link runGovernedSync}: the sync's own (its `hooks` run after governance's), plus governance. */
export interface GovernedSyncOptions extends SyncOptions {
  /** The pipeline to run (default: built from the profile's `governance:` with `registry`). */
  pipeline?: GovernancePipeline;
  /** Hooks and custom validators the profile may name. */
  registry?: GovernanceRegistry;
  governance?: GovernanceHookOptions;
}

/**
 * Runs a governed sync: the one library function that does (the CLI and the daemon call it). It
 * builds governance's hooks (see `createGovernanceHooks`) and runs the sync with them, nothing
 * more: an unmapped PII column under `on_unmapped_pii: fail`, or a stop by a validator or hook,
 * refuses the sync before anything is written, or fails it after the load; CLEANUP always runs.
 */
export async function runGovernedSync(
  options: GovernedSyncOptions,
): Promise<{ report: SyncReport; governance: GovernanceReport }> {
  const { pipeline, registry, governance, hooks = [], ...sync } = options;
  const governed = createGovernanceHooks(
    pipeline ?? pipelineFromProfile(options.profile, registry),
    governance,
  );
  const report = await runSync({ ...sync, hooks: [...governed.hooks, ...hooks] });
  return { report, governance: governed.report() };
}
