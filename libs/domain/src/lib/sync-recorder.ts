import type { ResolvedRule } from './load-profile';
import type { SyncReport } from './sync-report';

/** An original captured by `tokenize`, to be stored encrypted in the token vault. */
export interface CapturedToken {
  token: string;
  original: string;
  table: string;
  column: string;
}

/** An anonymized column as recorded in lineage: its table, its rule, and the rows written. */
export interface RecordedColumn {
  table: string;
  rule: ResolvedRule;
  rows: number;
}

/**
 * Stores what a sync must keep: token originals and the signed audit/lineage record.
 * `Session` is the database session type of the engine that calls it (`pg.ClientBase` for
 * `@confiture/sync`).
 */
export interface SyncRecorder<Session> {
  /** Creates the recorder's tables in the target's `confiture` schema (idempotent, no open transaction). */
  prepare(target: Session): Promise<void>;
  /**
   * Stores originals of tokenized values on `vault`, a target session the engine opened for them
   * alone (never inside a chunk's transaction, the same one on every call); awaited before the
   * chunk that holds their tokens commits.
   */
  storeTokens(vault: Session, tokens: CapturedToken[]): Promise<void>;
  /**
   * Appends the lineage and audit entries of a run (no open transaction); a run already recorded
   * (a resume after a crash at this point) is not recorded twice.
   */
  record(
    target: Session,
    report: SyncReport,
    anonymized: RecordedColumn[],
  ): Promise<{ auditEntry?: string }>;
  /** Releases what the recorder opened (the engine then closes the sessions it handed over). */
  close?(): Promise<void>;
}
