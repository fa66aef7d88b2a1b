import { createTestDatabase, type TestDatabase } from '@confiture/pg-harness';
import pg from 'pg';

/** Two fresh databases on the test server, with a connection to each. */
export interface DatabasePair {
  sourceDb: TestDatabase;
  targetDb: TestDatabase;
  source: pg.Client;
  target: pg.Client;
}

/**
 * Registers Jest hooks that give each test of the enclosing `describe` its own pair of databases
 * (created before the test, dropped after it). Read the fields inside tests and hooks.
 */
export function useDatabasePair(): DatabasePair {
  const pair = {} as DatabasePair;
  beforeEach(async () => {
    pair.sourceDb = await createTestDatabase();
    pair.targetDb = await createTestDatabase();
    pair.source = new pg.Client({ connectionString: pair.sourceDb.url });
    pair.target = new pg.Client({ connectionString: pair.targetDb.url });
    await pair.source.connect();
    await pair.target.connect();
  });
  afterEach(async () => {
    await pair.source?.end();
    await pair.target?.end();
    await pair.sourceDb?.drop();
    await pair.targetDb?.drop();
  });
  return pair;
}
