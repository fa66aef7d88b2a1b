import { Injectable } from '@nestjs/common';
import type { SyncEvent } from '@confiture/domain';

/** Why a running sync is stopped: a client cancelled it, or this replica is stopping. */
export type InterruptReason = 'cancel' | 'handover';

/** Thrown into a running sync through its event callback. */
export class JobInterrupted extends Error {
  constructor(readonly reason: InterruptReason) {
    super(
      reason === 'cancel'
        ? 'the job was cancelled'
        : 'the replica is stopping; the job is handed back',
    );
    this.name = 'JobInterrupted';
  }
}

/** Events after which no chunk or post-data step of the sync is open: a clean place to stop. */
const BETWEEN_UNITS = new Set<SyncEvent['type']>([
  'table-started',
  'table-finished',
  'phase-started',
  'phase-finished',
  'step',
]);

interface Pending {
  reason: InterruptReason;
  at: number;
  thrown: boolean;
}

/** The stop requests of one job, as a running sync sees them. */
export interface JobStops {
  /** Throws {@link JobInterrupted} when the sync should stop at `event`. */
  check(event: SyncEvent): void;
  /** The stop asked for, if any. */
  reason(): InterruptReason | undefined;
  /** Calls `listener` at each stop request (at once if one is pending); returns the unsubscribe. */
  watch(listener: (reason: InterruptReason) => void): () => void;
}

/**
 * Stop requests for the syncs this replica runs. The sync (`runSync`) has no cancel option of its
 * own, so a stop is thrown from its event callback, once: a cancel at the next event, a hand-over
 * at the next event between chunks or steps (so that the chunks in flight commit), or at any event
 * once `graceMs` has passed. The worker that throws rolls its open chunk back; the others finish
 * and commit theirs, and `resume` redoes only what was not committed.
 */
@Injectable()
export class JobInterrupts {
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Map<string, Set<(reason: InterruptReason) => void>>();

  /** Asks the sync of `jobId` to stop. */
  request(jobId: string, reason: InterruptReason): void {
    const current = this.pending.get(jobId);
    if (current?.reason === 'cancel') return;
    this.pending.set(jobId, { reason, at: Date.now(), thrown: current?.thrown ?? false });
    for (const listener of this.listeners.get(jobId) ?? []) listener(reason);
  }

  /** The stop requests of `jobId` for its running sync (`graceMs`: see {@link JobInterrupts.check}). */
  forJob(jobId: string, graceMs: number): JobStops {
    return {
      check: (event) => this.check(jobId, event, graceMs),
      reason: () => this.reasonFor(jobId),
      watch: (listener) => {
        const set = this.listeners.get(jobId) ?? new Set();
        this.listeners.set(jobId, set.add(listener));
        const pending = this.reasonFor(jobId);
        if (pending) listener(pending);
        return () => {
          set.delete(listener);
          if (set.size === 0) this.listeners.delete(jobId);
        };
      },
    };
  }

  /** The stop asked for `jobId`, if any. */
  reasonFor(jobId: string): InterruptReason | undefined {
    return this.pending.get(jobId)?.reason;
  }

  /** Forgets `jobId` (its sync ended). */
  clear(jobId: string): void {
    this.pending.delete(jobId);
  }

  /** The sync event callback of `jobId`: throws {@link JobInterrupted} when it should stop. */
  check(jobId: string, event: SyncEvent, graceMs: number): void {
    const stop = this.pending.get(jobId);
    if (!stop || stop.thrown) return;
    const now =
      stop.reason === 'cancel' || BETWEEN_UNITS.has(event.type) || Date.now() - stop.at >= graceMs;
    if (!now) return;
    stop.thrown = true;
    throw new JobInterrupted(stop.reason);
  }
}
