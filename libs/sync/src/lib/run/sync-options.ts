import type { ConnectionConfig, Profile, SyncEvent, SyncRecorder } from '@confiture/domain';
import type { HmacBackendChoice } from '@confiture/strategies';
import type pg from 'pg';
import type { TargetState } from '../preflight/target-state';
import type { SyncHook } from './hooks';

/** Options of {@link runSync}. */
export interface SyncOptions {
  source: ConnectionConfig;
  target: ConnectionConfig;
  profile: Profile;
  /** Where seed variables are read from (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Tables and chunks copied at once (default: the profile's performance.parallel_workers, at
   * most the cores less one; see `defaultWorkers`).
   */
  workers?: number;
  /** Worker threads for CPU-bound strategies; 0 runs them on the main thread (default: cores − 2, at most 4). */
  transformThreads?: number;
  /** Rows per chunk of large tables (default `DEFAULT_CHUNK_ROWS`). */
  chunkRows?: number;
  /** Stop after the plan, showing a before/after sample of every rule. */
  dryRun?: boolean;
  /** Show the dry run's "before" samples as they are in the source (masked by default). */
  showSampleValues?: boolean;
  /** Continue the last unfinished sync into this target. */
  resume?: boolean;
  /** Verify after the copy (default: the profile's verify_after_sync). */
  verify?: boolean;
  /** `--tables`: copy rows only for these tables. */
  onlyTables?: readonly string[];
  /** `--strict-schema`: refuse at pre-flight when the schema copy would leave out any object. */
  strictSchema?: boolean;
  /**
   * What the strategies hash HMAC batches with (default `auto`: the fastest that loads here); the
   * CLI reads it from CONFITURE_HMAC. A backend that does not load is refused in pre-flight.
   */
  hmacBackend?: HmacBackendChoice;
  /** Asked before a non-empty target is overwritten; without it, such a sync is refused. */
  confirmOverwrite?: (state: TargetState) => Promise<boolean>;
  onEvent?: (event: SyncEvent) => void;
  /** How other libraries take part: code before and after each phase, extra checks, cleanup. */
  hooks?: readonly SyncHook[];
  recorder?: SyncRecorder<pg.ClientBase>;
}
