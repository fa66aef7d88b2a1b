import { ConfitureError, isConfitureError, type Profile } from '@confiture/domain';
import type { DatabaseCatalog } from '@confiture/sync';
import type pg from 'pg';

/** The phases of a governed run, in order; CLEANUP runs whatever happened before. */
export const PIPELINE_PHASES = [
  'PRE_VALIDATION',
  'BEFORE_ANONYMIZATION',
  'ANONYMIZATION',
  'POST_ANONYMIZATION',
  'CLEANUP',
] as const;

/** One of {@link PIPELINE_PHASES}. */
export type PipelinePhase = (typeof PIPELINE_PHASES)[number];

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

/** The result of {@link GovernancePipeline.run}: the anonymization step's value and the report. */
export interface PipelineResult<T> {
  report: PipelineReport;
  /** What the ANONYMIZATION step returned (when it completed). */
  value?: T;
  /** The error that stopped or failed the run, re-thrown by {@link PipelineResult.unwrap}. */
  error?: unknown;
  /** The value, or the error that stopped the run. */
  unwrap(): T;
}

/** Steps the ANONYMIZATION function can run from inside (e.g. from the sync's hooks). */
export interface PipelineSteps {
  /**
   * Runs a phase now, with the sessions available at that point. PRE_VALIDATION and
   * BEFORE_ANONYMIZATION must run before anything is written; entering BEFORE_ANONYMIZATION runs
   * PRE_VALIDATION first if it has not run. A phase runs once; a second call does nothing.
   */
  enter(phase: ValidationPhase, sessions?: PipelineSessions): Promise<StepReport[]>;
  /** Marks a phase that does not apply to this run (e.g. POST_ANONYMIZATION of a dry run). */
  skip(phase: ValidationPhase, reason: string): void;
}

/** Options of {@link GovernancePipeline.run}. */
export interface RunOptions {
  /** Sessions for phases run by the pipeline itself. */
  sessions?: PipelineSessions;
  /**
   * `around` (default): PRE_VALIDATION and BEFORE_ANONYMIZATION run before the function and
   * POST_ANONYMIZATION after it. `inside`: the function enters them itself through
   * {@link PipelineSteps} (a sync does it from its beforeWrite/afterLoad hooks); a phase it never
   * entered runs after it returns, with the run's sessions.
   */
  mode?: 'around' | 'inside';
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
 * POST_ANONYMIZATION → CLEANUP. Validators and hooks are registered per phase; ANONYMIZATION is
 * an async function given to {@link GovernancePipeline.run} (e.g. a call to the sync). Any hook or
 * validator can stop the run with a reason that reaches the report; CLEANUP runs in every case.
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

  /** Runs the phases around (or inside) `anonymize`; never throws: see {@link PipelineResult}. */
  async run<T>(
    anonymize: (steps: PipelineSteps, context: PipelineContext) => Promise<T>,
    options: RunOptions = {},
  ): Promise<PipelineResult<T>> {
    const run = new PipelineRun(this.options.profile, this.hooks, this.validators, options);
    return run.execute(anonymize);
  }
}

class PipelineRun {
  private readonly state = new Map<string, unknown>();
  private readonly warnings: string[] = [];
  private readonly phases = new Map<PipelinePhase, PhaseReport>(
    PIPELINE_PHASES.map((phase) => [phase, { phase, status: 'not-run', steps: [] }]),
  );
  private sessions: PipelineSessions;
  private failure?: { phase: PipelinePhase; message: string };
  private stoppedBy?: PipelineReport['stoppedBy'];

  constructor(
    private readonly profile: Profile | undefined,
    private readonly hooks: Map<PipelinePhase, PipelineHook[]>,
    private readonly validators: Map<ValidationPhase, PipelineValidator[]>,
    private readonly options: RunOptions,
  ) {
    this.sessions = { ...(options.sessions ?? {}) };
  }

  async execute<T>(
    anonymize: (steps: PipelineSteps, context: PipelineContext) => Promise<T>,
  ): Promise<PipelineResult<T>> {
    let value: T | undefined;
    let error: unknown;
    const inside = this.options.mode === 'inside';
    try {
      if (!inside) {
        await this.phase('PRE_VALIDATION');
        await this.phase('BEFORE_ANONYMIZATION');
      }
      const steps: PipelineSteps = {
        enter: async (phase, sessions) => {
          if (sessions) this.sessions = { ...this.sessions, ...sessions };
          if (phase === 'BEFORE_ANONYMIZATION') await this.phase('PRE_VALIDATION');
          return (await this.phase(phase)).steps;
        },
        skip: (phase, reason) => {
          const report = this.phases.get(phase)!;
          if (report.status === 'not-run') Object.assign(report, { status: 'skipped', reason });
        },
      };
      const anonymization = await this.phase('ANONYMIZATION', async (context) => {
        const result = await anonymize(steps, context);
        if (inside && this.notRun('BEFORE_ANONYMIZATION')) {
          this.warnings.push(
            'the anonymization step never entered BEFORE_ANONYMIZATION: its validators and hooks ran after it',
          );
        }
        return result;
      });
      value = anonymization.result as T;
      await this.phase('PRE_VALIDATION');
      await this.phase('BEFORE_ANONYMIZATION');
      await this.phase('POST_ANONYMIZATION');
    } catch (caught) {
      error = caught;
    }
    try {
      await this.phase('CLEANUP', undefined, true);
    } catch (caught) {
      // A CLEANUP failure is reported; the first error stays the one re-thrown.
      error ??= caught;
    }
    const report: PipelineReport = {
      status: this.stoppedBy ? 'stopped' : error ? 'failed' : 'completed',
      phases: [...this.phases.values()],
      ...(this.stoppedBy ? { stoppedBy: this.stoppedBy } : {}),
      ...(this.failure && !this.stoppedBy ? { failure: this.failure } : {}),
      warnings: [...this.warnings],
    };
    return {
      report,
      ...(error === undefined ? { value: value as T } : { error }),
      unwrap: () => {
        if (error !== undefined) throw error;
        return value as T;
      },
    };
  }

  private notRun(phase: PipelinePhase): boolean {
    return this.phases.get(phase)!.status === 'not-run';
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
   * Runs a phase once: validators, then `body` (ANONYMIZATION), then hooks. A failure marks the
   * phase and is re-thrown; in CLEANUP every hook runs even when one fails.
   */
  private async phase(
    phase: PipelinePhase,
    body?: (context: PipelineContext) => Promise<unknown>,
    keepGoing = false,
  ): Promise<{ steps: StepReport[]; result?: unknown }> {
    const report = this.phases.get(phase)!;
    if (report.status !== 'not-run') return { steps: report.steps };
    report.status = 'completed';
    report.startedAt = new Date().toISOString();
    const started = Date.now();
    let current = phase as string;
    let result: unknown;
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
      if (body) {
        current = phase;
        result = await body(this.context(phase, () => current));
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
    return { steps: report.steps, result };
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
