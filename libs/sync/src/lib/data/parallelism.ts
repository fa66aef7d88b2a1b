import { availableParallelism } from 'node:os';

/**
 * Worker threads for the strategies when none are asked for: the cores beyond two, at most four.
 * Measured on two cores with the databases on the same machine, one or two threads were slower than
 * the main thread alone (the backends need the cores too) and took peak RSS from about 155 MB to
 * 270–335 MB, each thread loading the strategies and their locale data (docs/sync.md#performance).
 */
export function defaultTransformThreads(cores = availableParallelism()): number {
  return Math.max(0, Math.min(4, cores - 2));
}

/**
 * Chunks copied at once when `--workers` is not given: the profile's `parallel_workers`, but no
 * more than the cores less one. Each copy stream needs a source backend, a target backend and its
 * share of the strategies' work on this machine's threads. Measured on two cores with the databases
 * on the same machine: 5M benchmark rows took 10.9–11.9 s in the data phase one chunk at a time
 * against 13.2 s four at a time (peak RSS 134 MB against 188 MB), and the demo shop 5.6–5.7 s with
 * one or two workers against 6.0–6.2 s with four.
 */
export function defaultWorkers(parallelWorkers: number, cores = availableParallelism()): number {
  return Math.max(1, Math.min(parallelWorkers, cores - 1));
}
