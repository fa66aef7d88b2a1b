import {
  createTestDatabase,
  startEmbeddedPostgres,
  type EmbeddedServer,
  type TestDatabase,
} from '@confiture/pg-harness';
import pg from 'pg';
import {
  allSchemaFixtures,
  copyDatabaseForTest,
  loadFixtures,
} from '../../test-support/schema-fixtures';
import { applySchema } from './apply-schema';
import { readSchema } from './read-schema';
import type { SchemaStatement } from './schema-statement';

/**
 * From the DATABASE_URL server (the machine's PostgreSQL 15, or embedded 18) to a second,
 * embedded PostgreSQL 18 server.
 */
describe('schema copy to another server', () => {
  let server: EmbeddedServer;
  const databases: TestDatabase[] = [];
  const clients: pg.Client[] = [];
  const open = async (serverUrl?: string) => {
    const db = await createTestDatabase(serverUrl ? { serverUrl } : {});
    databases.push(db);
    const client = new pg.Client({ connectionString: db.url });
    clients.push(client);
    await client.connect();
    return client;
  };
  let source: pg.Client;
  let target: pg.Client;

  beforeAll(async () => {
    server = await startEmbeddedPostgres();
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    source = await open();
    target = await open(server.url);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.end();
    for (const db of databases.splice(0)) await db.drop();
  });

  it('gives the target the schema that the same DDL gives it directly', async () => {
    const fixtures = await allSchemaFixtures(source);
    await loadFixtures(source, fixtures);
    const native = await open(server.url);
    await loadFixtures(native, fixtures);

    await applySchema(target, await readSchema(source));

    expect(await readSchema(target)).toEqual(await readSchema(native));
  });

  it('reads back what it wrote, but for how each version prints a view’s query', async () => {
    await loadFixtures(source, await allSchemaFixtures(source));
    const statements = await readSchema(source);
    await applySchema(target, statements);
    // PostgreSQL 16+ leaves out `table.` before column names of single-table views.
    const withoutViewQueries = (list: SchemaStatement[]) =>
      list.map((s) =>
        s.kind === 'view' || s.kind === 'materialized-view'
          ? { ...s, sql: s.sql.split(' AS\n')[0] }
          : s,
      );
    expect(withoutViewQueries(await readSchema(target))).toEqual(withoutViewQueries(statements));
  });

  it('gives the copied data the behaviour it had', async () => {
    await loadFixtures(source, ['tricky-schema', 'schema-edge-cases', 'schema-edge-cases-data']);
    expect(await copyDatabaseForTest(source, target)).toBe(5);

    const account = await target.query(
      `INSERT INTO app."Accounts" ("Email", full_name) VALUES ('new@example.com', 'Neu') RETURNING id, name_upper`,
    );
    expect(account.rows).toEqual([{ id: '3', name_upper: 'NEU' }]);
    const roots = await target.query(`SELECT id FROM reporting.a_top ORDER BY id`);
    expect(roots.rows).toEqual([{ id: 1 }, { id: 3 }]);
    await expect(
      target.query(`INSERT INTO "Sales.EU"."line.items" VALUES (42, 1, 1)`),
    ).rejects.toMatchObject({ code: '23503' });
  });
});
