import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** The nice value of a sync process: below the replica that answers the API. */
export const SYNC_NICE = 10;

/**
 * Lowers this process's priority to {@link SYNC_NICE} (or leaves it lower), best-effort. On Linux
 * a nice value belongs to a thread: the threads already running are lowered one by one, and those
 * started later (the strategies' worker threads) inherit it from the main thread.
 */
export function lowerPriority(nice = SYNC_NICE): void {
  const lower = (id: number) => {
    try {
      // Never raised: a replica already running at a lower priority keeps its own.
      setPriority(id, Math.max(getPriority(id), nice));
    } catch {
      // Not permitted or not supported here: the sync runs at the replica's priority.
    }
  };
  lower(0);
  let threads: string[] = [];
  try {
    threads = readdirSync('/proc/self/task');
  } catch {
    return; // not Linux
  }
  for (const tid of threads) lower(Number(tid));
}
