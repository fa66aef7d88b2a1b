import type { ApprovalMode, SyncMode } from '@confiture/domain';

/** What a client (or a schedule) asks for: configured names only. */
export interface JobRequest {
  from: string;
  to: string;
  profile: string;
  approval: ApprovalMode;
  mode: SyncMode;
}

/** Record a new job (refused when `jobId` exists: a schedule tick starts one job). */
export class RequestJobCommand {
  constructor(
    readonly jobId: string,
    readonly request: JobRequest,
    readonly by: string,
    readonly schedule?: string,
  ) {}
}

/** Put a lease on the job in the queue, for whichever replica takes it. */
export class EnqueueJobCommand {
  constructor(readonly jobId: string) {}
}

/** Run the sync's pre-flight with `dryRun` (worker side). */
export class StartDryRunCommand {
  constructor(readonly jobId: string) {}
}

/** Check keys, privileges and the target (worker side). */
export class ValidateJobCommand {
  constructor(readonly jobId: string) {}
}

/** Park the job in AWAITING_APPROVAL (worker side). */
export class RequestApprovalCommand {
  constructor(readonly jobId: string) {}
}

/** An operator approves a job waiting for it. */
export class ApproveJobCommand {
  constructor(
    readonly jobId: string,
    readonly by: string,
  ) {}
}

/** Run (or resume) the sync itself (worker side). */
export class RunAnonymizationCommand {
  constructor(readonly jobId: string) {}
}

/** A client asks to cancel a job. */
export class CancelJobCommand {
  constructor(
    readonly jobId: string,
    readonly by: string,
  ) {}
}

/** Finish a requested cancel of a job that is not running (worker side). */
export class FinishCancelCommand {
  constructor(readonly jobId: string) {}
}

/** A client asks to swap the previous copy of a completed atomic job back. */
export class RequestRollbackCommand {
  constructor(
    readonly jobId: string,
    readonly by: string,
  ) {}
}

/** Roll the job back: record the dropped new copy, or swap the previous copy back (worker side). */
export class RollBackJobCommand {
  constructor(readonly jobId: string) {}
}
