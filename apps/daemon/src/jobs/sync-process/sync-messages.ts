import {
  ConfitureError,
  ERROR_CODES,
  isConfitureError,
  type ErrorCode,
  type SyncEvent,
} from '@confiture/domain';
import type { InterruptReason } from '../job-interrupts';
import type { JobView } from '../models/job-view';

/** What a sync process runs: the job's dry run (DRY_RUN) or its sync (ANONYMIZATION). */
export type SyncTask = 'dry-run' | 'run';

/** Parent → child: run `task` of `view`, reading the configuration file as the replica did. */
export interface StartMessage {
  type: 'start';
  task: SyncTask;
  /** The daemon configuration file: the child resolves the job's names and secrets from it and its environment. */
  configFile: string;
  view: JobView;
}

/** Parent → child: a stop request of the job (a cancel, or the replica is stopping). */
export interface InterruptMessage {
  type: 'interrupt';
  reason: InterruptReason;
}

/** What the replica sends its sync process. */
export type ParentMessage = StartMessage | InterruptMessage;

/** A `ConfitureError` as it crosses the IPC channel: code, message, place and hint (no secrets, no cause). */
export interface SerializedError {
  code: ErrorCode;
  message: string;
  hint?: string;
  file?: string;
  line?: number;
  col?: number;
  path?: string;
  table?: string;
  column?: string;
  details?: SerializedError[];
}

/** What the sync process sends its replica: progress, then one result (a `RunOutcome` or a `DryRunSummary`). */
export type ChildMessage =
  | { type: 'event'; event: SyncEvent }
  | { type: 'done'; outcome: unknown }
  | { type: 'failed'; error: SerializedError }
  | { type: 'interrupted'; reason: InterruptReason };

/** `error` as it may cross the channel, every text passed through `redact`. */
export function serializeError(error: unknown, redact: (text: string) => string): SerializedError {
  if (isConfitureError(error)) {
    return {
      code: error.code,
      message: redact(error.message),
      ...(error.hint ? { hint: redact(error.hint) } : {}),
      ...error.location,
      ...(error.details.length > 0
        ? { details: error.details.map((d) => serializeError(d, redact)) }
        : {}),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL' as ErrorCode, message: redact(message) };
}

/** The `ConfitureError` (or, for an unknown code, a plain error) a {@link SerializedError} stands for. */
export function deserializeError(error: SerializedError): Error {
  if (!(ERROR_CODES as readonly string[]).includes(error.code)) return new Error(error.message);
  const { code, message, details, ...options } = error;
  return new ConfitureError(code, message, {
    ...options,
    ...(details ? { details: details.map((d) => deserializeError(d) as ConfitureError) } : {}),
  });
}
