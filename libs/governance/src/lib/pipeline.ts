import { ConfitureError, isConfitureError, type Profile } from '@confiture/domain';
import type { DatabaseCatalog, SyncHook } from '@confiture/sync';
import type pg from 'pg';

/**
 * The phases of governance (SPEC.md's names, which a profile's `governance:` uses), each mapped
 * onto the point of the sync where it runs: PRE_VALIDATION, the PII gate and BEFORE_ANONYMIZATION
 * after pre-flight (nothing written yet), ANONYMIZATION after the data phase, POST_ANONYMIZATION
 * among the verification checks, CLEANUP once the sync has ended, whatever happened.
 */
export const PIPELINE_HOOK_POINTS = {
  PRE_VALIDATION: 'after:preflight',
  BEFORE_ANONYMIZATION: 'after:preflight',
  ANONYMIZATION: 'after:data',
  POST_ANONYMIZATION: 'verify',
  CLEANUP: 'cleanup',
} as const satisfies Record<string, SyncHook['at']>;

/** One of the governance phases, in the order a sync reaches them. */
export type PipelinePhase = keyof typeof PIPELINE_HOOK_POINTS;

/** The governance phases in order; CLEANUP runs whatever happened before. */
export const PIPELINE_PHASES = Object.keys(PIPELINE_HOOK_POINTS) as PipelinePhase[];

/** The phases a run enters as the sync reaches them (CLEANUP is its end, see {@link PipelineRun.finish}). */
export type EnteredPhase = Exclude<PipelinePhase, 'CLEANUP'>;

/** Phases a validator can run in (ANONYMIZATION and CLEANUP have no data to judge). */
export type ValidationPhase = 'PRE_VALIDATION' | 'BEFORE_ANONYMIZATION' | 'POST_ANONYMIZATION';

/** Database sessions a phase can use: the source before anything is written, the target after. */
export interface PipelineSessions {
  source?: pg.ClientBase;
  sourceCatalog?: DatabaseCatalog;
  target?: pg.ClientBase;
  targetCatalog?: DatabaseCatalog;
}

/** What hooks and validators receive. */
export interface PipelineContext extends PipelineSessions {
  phase: PipelinePhase;
  profile?: Profile;
  /** Shared between steps of one run (e.g. a hook hands a value to CLEANUP). */
  state: Map<string, unknown>;
  /** Adds a warning to the report. */
  warn(message: string): void;
  /** Stops the run with a reason that reaches the report (CLEANUP still runs). */
  stop(reason: string): never;
  /** In CLEANUP after a failure or a stop: where and why (the stop's reason). */
  failure?: { phase: PipelinePhase; message: string };
}

/** A hook: code run in a phase; it can stop the run with `context.stop(reason)`. */
export interface PipelineHook {
  name: string;
  run(context: PipelineContext): Promise<void> | void;
}

/** What a validator found. */
export interface ValidationOutcome {
  passed: boolean;
  /** What was checked and found, without data values. */
  detail: string;
  /** Offending rows or columns. */
  count?: number;
  /** Set when the validator could not run (e.g. no session for its side). */
  skipped?: boolean;
}

/** A validator: judges data in a phase; a failure stops the run unless its severity is `warning`. */
export interface PipelineValidator {
  name: string;
  kind: 'completeness' | 'type' | 'range' | 'custom';
  severity?: 'error' | 'warning';
  validate(context: PipelineContext): Promise<ValidationOutcome> | ValidationOutcome;
}

/** One step's entry in the report. */
export interface StepReport {
  step: string;
  kind: 'hook' | 'validator';
  status: 'passed' | 'failed' | 'warning' | 'skipped' | 'stopped';
  detail?: string;
  count?: number;
  durationMs: number;
}

/** One phase's entry in the report. */
export interface PhaseReport {
  phase: PipelinePhase;
  status: 'completed' | 'stopped' | 'failed' | 'skipped' | 'not-run';
  /** Why a skipped phase did not apply. */
  reason?: string;
  startedAt?: string;
  durationMs?: number;
  steps: StepReport[];
}

/** How a governed run went, phase by phase. */
export interface PipelineReport {
  status: 'completed' | 'stopped' | 'failed';
  phases: PhaseReport[];
  /** Who stopped the run, in which phase, and why. */
  stoppedBy?: { phase: PipelinePhase; step: string; reason: string };
  /** Why a run failed (not a deliberate stop). */
  failure?: { phase: PipelinePhase; message: string };
  warnings: string[];
}

/** How a run of the pipeline ended: its report, and the error it ends with (if any). */
export interface PipelineOutcome {
  report: PipelineReport;
  /** The error that stopped or failed the run: the first one, CLEANUP's only when there was none. */
  error?: unknown;
}

/** Thrown by `context.stop(reason)`; carries who stopped the run. */
class PipelineStop extends ConfitureError {
  constructor(
    readonly phase: PipelinePhase,
    readonly step: string,
    readonly reason: string,
  ) {
    super('SYNC_REFUSED', `${phase}: ${step} stopped the run: ${reason}`, {
      hint: 'The reason above comes from a governance hook or validator (code or governance: in the profile).',
    });
  }
}

/** Whether `error` is a deliberate stop by a hook or validator. */
export function isPipelineStop(error: unknown): error is ConfitureError & { reason: string } {
  return error instanceof PipelineStop;
}

/**
 * The governance pipeline: PRE_VALIDATION → BEFORE_ANONYMIZATION → ANONYMIZATION →
 * POST_ANONYMIZATION → CLEANUP, its validators and hooks registered per phase. It runs nothing by
 * itself: {@link GovernancePipeline.start} begins a run whose phases the sync's hooks enter as the
 * sync reaches them (`createGovernanceHooks`, {@link PIPELINE_HOOK_POINTS}). Any hook or validator
 * can stop the run with a reason that reaches the report; CLEANUP runs in every case.
 */
export class GovernancePipeline {
  private readonly hooks = new Map<PipelinePhase, PipelineHook[]>();
  private readonly validators = new Map<ValidationPhase, PipelineValidator[]>();

  constructor(private readonly options: { profile?: Profile } = {}) {}

  /** Runs `hook` in `phase` (after the phase's validators, in registration order). */
  addHook(phase: PipelinePhase, hook: PipelineHook): this {
    this.hooks.set(phase, [...(this.hooks.get(phase) ?? []), hook]);
    return this;
  }

  /** Runs `validator` in `phase`. */
  addValidator(phase: ValidationPhase, validator: PipelineValidator): this {
    this.validators.set(phase, [...(this.validators.get(phase) ?? []), validator]);
    return this;
  }

  /** The registered steps per phase, for `--dry-run` style listings. */
  describe(): { phase: PipelinePhase; validators: string[]; hooks: string[] }[] {
    return PIPELINE_PHASES.map((phase) => ({
      phase,
      validators: (this.validators.get(phase as ValidationPhase) ?? []).map((v) => v.name),
      hooks: (this.hooks.get(phase) ?? []).map((h) => h.name),
    }));
  }

  /** Begins a run; `sessions` are there for every phase (more are given as phases are entered). */
  start(sessions: PipelineSessions = {}): PipelineRun {
    return new PipelineRun(this.options.profile, this.hooks, this.validators, sessions);
  }
}

/** One run of a {@link GovernancePipeline}: its phases, entered as the sync reaches them. */
export class PipelineRun {
  private readonly state = new Map<string, unknown>();
  private readonly warnings: string[] = [];
  private readonly phases = new Map<PipelinePhase, PhaseReport>(
    PIPELINE_PHASES.map((phase) => [phase, { phase, status: 'not-run', steps: [] }]),
  );
  private sessions: PipelineSessions;
  private failure?: { phase: PipelinePhase; message: string };
  private stoppedBy?: PipelineReport['stoppedBy'];

  /** Use {@link GovernancePipeline.start}. */
  constructor(
    private readonly profile: Profile | undefined,
    private readonly hooks: Map<PipelinePhase, PipelineHook[]>,
    private readonly validators: Map<ValidationPhase, PipelineValidator[]>,
    sessions: PipelineSessions,
  ) {
    this.sessions = { ...sessions };
  }

  /**
   * Runs a phase now (its validators, then its hooks), with the sessions available at that point
   * added to the run's. Entering BEFORE_ANONYMIZATION runs PRE_VALIDATION first if it has not run.
   * A phase runs once; a second call does nothing. A stop or a failure is thrown.
   */
  async enter(phase: EnteredPhase, sessions?: PipelineSessions): Promise<StepReport[]> {
    if (sessions) this.sessions = { ...this.sessions, ...sessions };
    if (phase === 'BEFORE_ANONYMIZATION') await this.phase('PRE_VALIDATION');
    return this.phase(phase);
  }

  /** Marks a phase that does not apply to this run (e.g. POST_ANONYMIZATION of a dry run). */
  skip(phase: EnteredPhase, reason: string): void {
    const report = this.phases.get(phase);
    if (report?.status === 'not-run') Object.assign(report, { status: 'skipped', reason });
  }

  /**
   * Ends the run: runs CLEANUP, told what went wrong, every hook even when one fails. `error` is
   * what the sync ended with; one that no step of the pipeline raised is the failure of
   * ANONYMIZATION (the sync itself). Returns the report and the first error (CLEANUP's only when
   * there was none).
   */
  async finish(error?: unknown): Promise<PipelineOutcome> {
    let first = error;
    if (error !== undefined && !this.failure && !this.stoppedBy && !isPipelineStop(error)) {
      this.failure = { phase: 'ANONYMIZATION', message: messageOf(error) };
      const anonymization = this.phases.get('ANONYMIZATION');
      if (anonymization) anonymization.status = 'failed';
    }
    try {
      await this.phase('CLEANUP', true);
    } catch (caught) {
      // A CLEANUP failure is reported; the first error stays the one re-thrown.
      first ??= caught;
    }
    return { report: this.report, ...(first !== undefined ? { error: first } : {}) };
  }

  /** How the run went so far, phase by phase. */
  get report(): PipelineReport {
    return {
      status: this.stoppedBy ? 'stopped' : this.failure ? 'failed' : 'completed',
      phases: [...this.phases.values()],
      ...(this.stoppedBy ? { stoppedBy: this.stoppedBy } : {}),
      ...(this.failure && !this.stoppedBy ? { failure: this.failure } : {}),
      warnings: [...this.warnings],
    };
  }

  private context(phase: PipelinePhase, step: () => string): PipelineContext {
    return {
      phase,
      ...(this.profile ? { profile: this.profile } : {}),
      ...this.sessions,
      state: this.state,
      warn: (message) => this.warnings.push(`${phase}: ${message}`),
      stop: (reason) => {
        throw new PipelineStop(phase, step(), reason);
      },
      ...(this.failure
        ? { failure: this.failure }
        : this.stoppedBy
          ? { failure: { phase: this.stoppedBy.phase, message: this.stoppedBy.reason } }
          : {}),
    };
  }

  /**
   * Runs a phase once: validators, then hooks. A failure marks the phase and is re-thrown; with
   * `keepGoing` (CLEANUP) every hook runs even when one fails.
   */
  private async phase(phase: PipelinePhase, keepGoing = false): Promise<StepReport[]> {
    const report = this.phases.get(phase);
    if (!report || report.status !== 'not-run') return report?.steps ?? [];
    report.status = 'completed';
    report.startedAt = new Date().toISOString();
    const started = Date.now();
    let current = phase as string;
    let firstError: unknown;
    try {
      for (const validator of this.validators.get(phase as ValidationPhase) ?? []) {
        current = validator.name;
        const step = await this.validate(phase, validator);
        report.steps.push(step);
        if (step.status === 'failed') {
          throw new PipelineStop(phase, validator.name, step.detail ?? 'validation failed');
        }
      }
      for (const hook of this.hooks.get(phase) ?? []) {
        current = hook.name;
        const stepStarted = Date.now();
        try {
          await hook.run(this.context(phase, () => hook.name));
          report.steps.push({
            step: hook.name,
            kind: 'hook',
            status: 'passed',
            durationMs: Date.now() - stepStarted,
          });
        } catch (error) {
          report.steps.push({
            step: hook.name,
            kind: 'hook',
            status: error instanceof PipelineStop ? 'stopped' : 'failed',
            detail: error instanceof PipelineStop ? error.reason : messageOf(error),
            durationMs: Date.now() - stepStarted,
          });
          if (!keepGoing) throw error;
          firstError ??= error;
        }
      }
      if (firstError) throw firstError;
    } catch (error) {
      report.status = error instanceof PipelineStop ? 'stopped' : 'failed';
      if (error instanceof PipelineStop) {
        this.stoppedBy ??= { phase: error.phase, step: error.step, reason: error.reason };
      } else {
        this.failure ??= {
          phase,
          message: `${current === phase ? '' : `${current}: `}${messageOf(error)}`,
        };
      }
      throw error;
    } finally {
      report.durationMs = Date.now() - started;
    }
    return report.steps;
  }

  private async validate(phase: PipelinePhase, validator: PipelineValidator): Promise<StepReport> {
    const started = Date.now();
    let outcome: ValidationOutcome;
    try {
      outcome = await validator.validate(this.context(phase, () => validator.name));
    } catch (error) {
      if (error instanceof PipelineStop) throw error;
      outcome = { passed: false, detail: `could not run: ${messageOf(error)}` };
    }
    const warningOnly = validator.severity === 'warning';
    const status: StepReport['status'] = outcome.skipped
      ? 'skipped'
      : outcome.passed
        ? 'passed'
        : warningOnly
          ? 'warning'
          : 'failed';
    if (status === 'warning' || status === 'skipped') {
      this.warnings.push(`${phase}: ${validator.name}: ${outcome.detail}`);
    }
    return {
      step: validator.name,
      kind: 'validator',
      status,
      detail: outcome.detail,
      ...(outcome.count !== undefined ? { count: outcome.count } : {}),
      durationMs: Date.now() - started,
    };
  }
}

function messageOf(error: unknown): string {
  if (isConfitureError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}
