import { quoteQualified, type QualifiedName } from '@confiture/domain';
import type pg from 'pg';

/**
 * A source transaction whose snapshot every worker shares, so all tables are copied as of one
 * instant (pg_export_snapshot + SET TRANSACTION SNAPSHOT). The coordinator session keeps it alive
 * and is also used for the schema, chunk bounds and verification reads.
 */
export class SharedSnapshot {
  private constructor(
    readonly coordinator: pg.ClientBase,
    readonly id: string,
  ) {}

  /** Opens the snapshot on `coordinator` (a read-only source session). */
  static async open(coordinator: pg.ClientBase): Promise<SharedSnapshot> {
    await coordinator.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows } = await coordinator.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
    return new SharedSnapshot(coordinator, rows[0]!.id);
  }

  /**
   * Takes ACCESS SHARE locks on the tables being copied, as pg_dump does: writes go on, but no one
   * can drop or rewrite a table under the sync.
   */
  async lockTables(tables: readonly QualifiedName[]): Promise<void> {
    if (tables.length === 0) return;
    await this.coordinator.query(
      `LOCK TABLE ${tables.map(quoteQualified).join(', ')} IN ACCESS SHARE MODE`,
    );
  }

  /** Starts a transaction on `worker` that sees exactly this snapshot. */
  async join(worker: pg.ClientBase): Promise<void> {
    await worker.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await worker.query(`SET TRANSACTION SNAPSHOT '${this.id.replace(/'/g, "''")}'`);
  }

  /** Ends the snapshot transaction. */
  async close(): Promise<void> {
    await this.coordinator.query('COMMIT').catch(() => undefined);
  }
}
