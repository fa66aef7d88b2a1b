import {
  FinishCancelCommand,
  RollBackJobCommand,
  RunAnonymizationCommand,
  StartDryRunCommand,
  ValidateJobCommand,
} from './commands/job-commands';
import type { JobView } from './models/job-view';

/** A command a lease holder runs. */
export type WorkerCommand =
  | StartDryRunCommand
  | ValidateJobCommand
  | RunAnonymizationCommand
  | FinishCancelCommand
  | RollBackJobCommand;

/**
 * Where a lease holder picks a job up, from its state alone (so that any replica can, after any
 * crash): the step the job is in is run again (the sync resumes), a requested cancel or rollback is
 * carried out, and a resting job needs nothing.
 */
export function nextCommand(view: JobView): WorkerCommand | undefined {
  const { id } = view;
  switch (view.status) {
    case 'PENDING':
    case 'DRY_RUN':
      return view.cancelRequested ? new FinishCancelCommand(id) : new StartDryRunCommand(id);
    case 'VALIDATION':
      return view.cancelRequested ? new FinishCancelCommand(id) : new ValidateJobCommand(id);
    case 'AWAITING_APPROVAL':
      return view.cancelRequested ? new FinishCancelCommand(id) : undefined;
    case 'ANONYMIZATION':
      return view.cancelRequested ? new FinishCancelCommand(id) : new RunAnonymizationCommand(id);
    case 'COMPLETED':
      return view.rollbackRequested ? new RollBackJobCommand(id) : undefined;
    case 'FAILED':
      return view.pendingRollback ? new RollBackJobCommand(id) : undefined;
    default:
      return undefined;
  }
}
