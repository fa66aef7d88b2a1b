import type { SyncRecorder } from '@confiture/domain';
import type pg from 'pg';
import type { StateStore } from '../run/state-store';
import { applySchema, dropUserSchemas, type SchemaStatement } from '../schema';

/** What the schema phase needs. */
export interface SchemaPhaseInput {
  store: StateStore;
  runId: string;
  /** Schemas, types, tables, functions, views... (and keys and indexes when built before loading). */
  preData: readonly SchemaStatement[];
  recorder?: SyncRecorder<pg.ClientBase>;
}

/**
 * The schema phase (pg_restore's pre-data section): drops the target's user schemas (Confiture's
 * own `confiture` schema stays), lets the recorder create its tables, then creates the source's
 * pre-data schema in one transaction, which also moves the run to its data phase.
 */
export async function createSchema(target: pg.ClientBase, input: SchemaPhaseInput): Promise<void> {
  await dropUserSchemas(target);
  await input.recorder?.prepare(target);
  await target.query('BEGIN');
  try {
    await applySchema(target, input.preData);
    await input.store.setPhase(input.runId, 'data');
    await target.query('COMMIT');
  } catch (error) {
    // Leaves the session usable, so that the run can be marked failed on it.
    await target.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
