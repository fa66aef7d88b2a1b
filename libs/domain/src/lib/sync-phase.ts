/**
 * The phases of a sync, in order: the one list the engine runs, reports progress and timings by,
 * records in the target for `--resume`, and offers a hook before and after (see docs/sync.md).
 */
export const SYNC_PHASES = [
  'preflight',
  'schema',
  'data',
  'post-data',
  'verify',
  'record',
] as const;

/** One of {@link SYNC_PHASES}. */
export type SyncPhase = (typeof SYNC_PHASES)[number];
