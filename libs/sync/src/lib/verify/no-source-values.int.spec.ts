import {
  createTestDatabase,
  startEmbeddedPostgres,
  type TestDatabase,
} from '@confiture/pg-harness';
import pg from 'pg';
import { countSourceValuesInTarget, countUnchangedValues } from './no-source-values';

describe('leak counting', () => {
  let dbs: TestDatabase[];
  let source: pg.Client;
  let target: pg.Client;
  const column = {
    table: { schema: 'public', name: 'people' },
    column: 'phone',
    isArray: false,
    strategy: 'phone',
  };
  const tags = { ...column, column: 'tags', isArray: true };

  beforeEach(async () => {
    dbs = [await createTestDatabase(), await createTestDatabase()];
    source = new pg.Client({ connectionString: dbs[0]!.url });
    target = new pg.Client({ connectionString: dbs[1]!.url });
    await Promise.all([source.connect(), target.connect()]);
    for (const client of [source, target]) {
      await client.query('CREATE TABLE people (id int PRIMARY KEY, phone text, tags text[])');
    }
    await source.query(
      `INSERT INTO people SELECT g, '555-' || g, ARRAY['a' || g, 'b' || g] FROM generate_series(1, 1000) g`,
    );
  });
  afterEach(async () => {
    await Promise.all([source.end(), target.end()]);
    await Promise.all(dbs.map((db) => db.drop()));
  });

  it('counts source values present anywhere in the target, and rows still holding their own', async () => {
    // Row 1 keeps its own phone; row 2 got row 3's phone (present, but not its own); the rest changed.
    await target.query(`INSERT INTO people SELECT g, CASE g WHEN 1 THEN '555-1' WHEN 2 THEN '555-3' ELSE 'x-' || g END,
                        ARRAY[CASE WHEN g = 7 THEN 'a7' ELSE 'z' || g END, 'y'] FROM generate_series(1, 1000) g`);
    // Negative keys, and keys whose text order differs from their numeric order (9 < 10 < 100).
    await source.query(
      `INSERT INTO people VALUES (-12, '555-m12'), (-3, '555-m3'), (-100, '555-m100')`,
    );
    await target.query(`INSERT INTO people VALUES (-12, '555-m12'), (-3, 'x'), (-100, 'y')`);
    // Row 9 is absent from the target's stream (NULL); row 10, right after it, kept its own.
    await target.query(`UPDATE people SET phone = NULL WHERE id = 9`);
    await target.query(`UPDATE people SET phone = '555-10' WHERE id = 10`);
    expect(await countSourceValuesInTarget(source, target, column)).toBe(4);
    expect(await countUnchangedValues(source, target, column, ['id'])).toBe(3);
    expect(await countUnchangedValues(source, target, column, ['id'], { integerKey: true })).toBe(
      3,
    );
    expect(await countSourceValuesInTarget(source, target, tags)).toBe(1);
    expect(await countUnchangedValues(source, target, tags, ['id'])).toBe(1);
  });

  it('finds the values across servers of another major version (the digests agree)', async () => {
    // The test server and an embedded PostgreSQL 18: 15 and 18 here, the same version where the
    // tests run on the embedded one (the digests must agree either way).
    await source.query(`UPDATE people SET phone = 'Zoë ☃ 😀 ' || id WHERE id <= 5`);
    const embedded = await startEmbeddedPostgres();
    try {
      const other = await createTestDatabase({ serverUrl: embedded.url, prefix: 'confiture_xver' });
      const client = new pg.Client({ connectionString: other.url });
      try {
        await client.connect();
        await client.query('CREATE TABLE people (id int PRIMARY KEY, phone text, tags text[])');
        // Rows 1-3 (non-ASCII) and 500 keep their own phone; row 4 holds row 5's; the rest changed.
        await client.query(`INSERT INTO people
          SELECT g, CASE WHEN g IN (1, 2, 3) THEN 'Zoë ☃ 😀 ' || g WHEN g = 4 THEN 'Zoë ☃ 😀 5'
                         WHEN g = 500 THEN '555-500' ELSE 'new-' || g END,
                 ARRAY['a' || g] FROM generate_series(1, 1000) g`);
        expect(await countSourceValuesInTarget(source, client, column)).toBe(5);
        expect(
          await countUnchangedValues(source, client, column, ['id'], { integerKey: true }),
        ).toBe(4);
        expect(await countUnchangedValues(source, client, column, ['id'])).toBe(4);
        expect(await countSourceValuesInTarget(source, client, tags)).toBe(1000);
      } finally {
        await client.end().catch(() => undefined);
        await other.drop();
      }
    } finally {
      await embedded.stop();
    }
  });

  it('never counts an empty or whitespace-only value as a leak or as still its own original', async () => {
    // The phone strategy keeps '' and '   ' as they are: nothing personal was copied.
    await source.query(
      `UPDATE people SET phone = '', tags = ARRAY['', 'a' || id] WHERE id IN (1, 2)`,
    );
    await source.query(`UPDATE people SET phone = E' \\t\\n', tags = ARRAY[' '] WHERE id = 3`);
    await target.query(
      `INSERT INTO people SELECT g, 'new-' || g, ARRAY['z' || g] FROM generate_series(4, 1000) g`,
    );
    await target.query(
      `INSERT INTO people VALUES (1, '', ARRAY['', 'z']), (2, '', ARRAY['', 'zz']), (3, E' \\t\\n', ARRAY[' '])`,
    );
    expect(await countSourceValuesInTarget(source, target, column)).toBe(0);
    expect(await countUnchangedValues(source, target, column, ['id'])).toBe(0);
    expect(await countUnchangedValues(source, target, column, ['id'], { integerKey: true })).toBe(
      0,
    );
    expect(await countSourceValuesInTarget(source, target, tags)).toBe(0);
    expect(await countUnchangedValues(source, target, tags, ['id'])).toBe(0);
  });

  it('finds nothing when every value changed, NULLs included', async () => {
    await target.query(
      `INSERT INTO people SELECT g, CASE WHEN g % 2 = 0 THEN NULL ELSE 'new-' || g END, NULL FROM generate_series(1, 1000) g`,
    );
    expect(await countSourceValuesInTarget(source, target, column)).toBe(0);
    expect(await countUnchangedValues(source, target, column, ['id'])).toBe(0);
    expect(await countUnchangedValues(source, target, column, ['id'], { integerKey: true })).toBe(
      0,
    );
  });
});
