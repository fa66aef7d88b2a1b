import { availableParallelism } from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import {
  ConfitureError,
  daemonConnection,
  loadProfile,
  secretEnvironmentValues,
  type ConnectionConfig,
  type SyncEvent,
  type SyncReport,
  type DaemonConfig,
  type Profile,
} from '@confiture/domain';
import { runGovernedSync, type GovernanceReport } from '@confiture/governance';
import { strategyCatalog } from '@confiture/strategies';
import { carryRecords, createSecurityRecorder } from '@confiture/security';
import {
  checkAtomicPrivileges,
  dropAtomicBuild,
  hasUnfinishedSync,
  rollbackAtomicSync,
  runAtomicSync,
  type AtomicSwapReport,
} from '@confiture/sync';
import type { RuntimeSettings } from '../config/runtime-settings';
import { DAEMON_CONFIG, RUNTIME } from '../config/tokens';
import { SecretValues } from '../logging/secret-values';
import type { StoredReport } from './events/job-events';
import type { JobStops } from './job-interrupts';
import type { JobView } from './models/job-view';
import type { SyncTask } from './sync-process/sync-messages';
import { runSyncProcess } from './sync-process/sync-process';

/** How a run reports progress and is stopped. */
export interface RunControls {
  /** Progress (metrics, logs); never throws. */
  onEvent: (event: SyncEvent) => void;
  /**
   * The job's stop requests: checked at each sync event; a hand-over keeps an atomic build for the
   * next replica. With `jobs.isolation: process` they are forwarded to the sync's child process.
   */
  stops: JobStops;
}

/** What the DRY_RUN step records of a dry run (no sample, no source value). */
export interface DryRunSummary {
  profileSha256: string;
  tables: number;
  piiColumns: number;
  warnings: string[];
}

/** The stop requests of a step that has none (a dry run runs to its end, as it does inline). */
const NO_STOPS: JobStops = {
  check: () => undefined,
  reason: () => undefined,
  watch: () => () => undefined,
};

/** What a finished run leaves: its report, and for an atomic one the swap. */
export interface RunOutcome {
  report?: StoredReport;
  swap?: AtomicSwapReport;
  alreadySwapped: boolean;
}

/**
 * The daemon's side of a sync: it resolves the job's configured names and calls the library
 * functions the CLI calls (`runGovernedSync` with `createSecurityRecorder`, `runAtomicSync`), and
 * holds no sync logic of its own.
 */
@Injectable()
export class SyncRunner {
  constructor(
    @Inject(DAEMON_CONFIG) private readonly config: DaemonConfig,
    @Inject(RUNTIME) private readonly runtime: RuntimeSettings,
    private readonly secrets: SecretValues,
  ) {}

  /** The job's source and target, by their configured names only. */
  connections(view: JobView): { source: ConnectionConfig; target: ConnectionConfig } {
    const source = daemonConnection(this.config, view.from, this.runtime.env);
    const target = daemonConnection(this.config, view.to, this.runtime.env);
    this.secrets.add(source.password, target.password);
    return { source, target };
  }

  /** The job's profile, read from its configured file. */
  profile(view: JobView): Profile {
    const file = this.config.profiles[view.profile];
    if (!file || !Object.prototype.hasOwnProperty.call(this.config.profiles, view.profile)) {
      throw new ConfitureError('NOT_FOUND', `profile "${view.profile}" is not configured`);
    }
    const profile = loadProfile(file, { catalog: strategyCatalog });
    // The variables this profile names for its seeds and key provider are secrets too.
    this.secrets.add(...secretEnvironmentValues(this.runtime.env, { profile }));
    return profile;
  }

  /** The sync's pre-flight and `dryRun`: plan, PII gate, hooks; nothing written. */
  async dryRun(
    view: JobView,
  ): Promise<{ profile: Profile; report: SyncReport; governance: GovernanceReport }> {
    const { source, target } = this.connections(view);
    const profile = this.profile(view);
    const { report, governance } = await runGovernedSync({
      source,
      target,
      profile,
      env: this.runtime.env,
      hmacBackend: this.runtime.hmacBackend,
      dryRun: true,
      confirmOverwrite: async () => true,
    });
    return { profile, report, governance };
  }

  /** {@link SyncRunner.dryRun} as DRY_RUN records it: in a child process unless `jobs.isolation` is `inline`. */
  async dryRunSummary(view: JobView): Promise<DryRunSummary> {
    if (this.config.jobs.isolation === 'inline') return this.dryRunSummaryHere(view);
    return this.inChildProcess<DryRunSummary>('dry-run', view, {
      onEvent: () => undefined,
      stops: NO_STOPS,
    });
  }

  /** {@link SyncRunner.dryRunSummary} in this process. */
  async dryRunSummaryHere(view: JobView): Promise<DryRunSummary> {
    const { profile, report, governance } = await this.dryRun(view);
    return {
      profileSha256: profile.sha256,
      tables: report.totals.tables,
      piiColumns: governance.piiColumns.length,
      warnings: report.warnings,
    };
  }

  /**
   * What must hold before anything is written, beyond the pre-flight: the profile is the one the
   * dry run planned, the keys the recorder needs are there, and an atomic job's role has the
   * privileges of the swap. Returns the names of the checks that passed.
   */
  async validate(view: JobView): Promise<string[]> {
    const { target } = this.connections(view);
    const profile = this.profile(view);
    const checks: string[] = [];
    if (view.profileSha256 && profile.sha256 !== view.profileSha256) {
      throw new ConfitureError(
        'SYNC_REFUSED',
        `profile "${view.profile}" changed since the dry run`,
        {
          hint: 'Request a new job: it will dry-run the profile as it is now.',
        },
      );
    }
    checks.push('profile unchanged since the dry run');
    createSecurityRecorder({ profile, env: this.runtime.env });
    checks.push('audit key (and master key when the profile tokenizes) present');
    if (view.mode === 'atomic') {
      await checkAtomicPrivileges(this.swapSettings(target));
      checks.push('privileges for an atomic refresh');
    }
    return checks;
  }

  /**
   * Runs (or resumes) the sync: in place, or atomically into a new copy swapped in after
   * verification; in a child process of its own unless `jobs.isolation` is `inline`.
   */
  async run(view: JobView, controls: RunControls): Promise<RunOutcome> {
    if (this.config.jobs.isolation === 'inline') return this.runHere(view, controls);
    return this.inChildProcess<RunOutcome>('run', view, controls);
  }

  private inChildProcess<T>(task: SyncTask, view: JobView, controls: RunControls): Promise<T> {
    // The passwords are the child's to use, but this process redacts them from what it logs too.
    this.connections(view);
    return runSyncProcess<T>({
      task,
      view,
      configFile: this.config.file,
      env: this.runtime.env,
      controls,
      handoverKillMs: this.config.shutdown.grace_seconds * 1000 + HANDOVER_KILL_MARGIN_MS,
      dropBuild: () => this.dropBuild(view),
    });
  }

  /** {@link SyncRunner.run} in this process: what `jobs.isolation: inline` and the sync's child process run. */
  async runHere(view: JobView, controls: RunControls): Promise<RunOutcome> {
    const { stops } = controls;
    const onEvent = (event: SyncEvent) => {
      controls.onEvent(event);
      stops.check(event);
    };
    const { source, target } = this.connections(view);
    const profile = this.profile(view);
    const governed = (into: ConnectionConfig, resume: boolean) =>
      runGovernedSync({
        source,
        target: into,
        profile,
        env: this.runtime.env,
        hmacBackend: this.runtime.hmacBackend,
        resume,
        confirmOverwrite: async () => true,
        recorder: createSecurityRecorder({
          profile,
          env: this.runtime.env,
          principal: `confiture-daemon job ${view.id} (${view.requestedBy})`,
        }),
        onEvent,
        ...(this.config.jobs.workers !== undefined ? { workers: this.config.jobs.workers } : {}),
        ...(this.config.jobs.chunk_rows !== undefined
          ? { chunkRows: this.config.jobs.chunk_rows }
          : {}),
        transformThreads: this.config.jobs.threads ?? defaultThreads(),
      });
    if (view.mode === 'atomic') {
      const outcome = await runAtomicSync({
        ...this.swapSettings(target),
        key: view.id,
        carryRecords,
        resume: true,
        keepBuildOnError: () => stops.reason() === 'handover',
        sync: (building, run) => governed(building, run.resume),
      });
      if (outcome.alreadySwapped) return { alreadySwapped: true };
      return { alreadySwapped: false, report: storedReport(outcome.result), swap: outcome.swap };
    }
    // A job taken over resumes the run its previous holder began, if that run got as far as starting.
    const resume = view.attempts > 1 && (await hasUnfinishedSync(target));
    return { alreadySwapped: false, report: storedReport(await governed(target, resume)) };
  }

  /** Drops the new copy an atomic job was building (a cancel while it was handed over). */
  async dropBuild(view: JobView): Promise<boolean> {
    const { target } = this.connections(view);
    return dropAtomicBuild({ ...this.swapSettings(target), key: view.id });
  }

  /** Swaps the previous copy back, if the target is still this job's copy. */
  async rollback(view: JobView): Promise<void> {
    const { target } = this.connections(view);
    await rollbackAtomicSync({ ...this.swapSettings(target), swappedInBy: view.id });
  }

  private swapSettings(target: ConnectionConfig) {
    const { atomic } = this.config;
    return {
      target,
      graceSeconds: atomic.grace_seconds,
      onOpenConnections: atomic.on_open_connections,
      maintenanceDatabase: atomic.maintenance_database,
    };
  }
}

/** How long after the shutdown grace a sync process that has not handed its job back is killed. */
const HANDOVER_KILL_MARGIN_MS = 5_000;

/** Worker threads for the strategies: as the sync's default (cores − 2, at most 4), but at least 1. */
function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 2));
}

/** A report as stored in an event: without dry-run samples (they hold source values). */
export function storedReport(result: {
  report: SyncReport;
  governance: GovernanceReport;
}): StoredReport {
  const { samples: _samples, ...report } = result.report;
  return {
    ...report,
    governance: {
      piiColumns: result.governance.piiColumns,
      unmapped: result.governance.unmapped,
      leaks: result.governance.leaks,
    },
  } as unknown as StoredReport;
}
