import { transformCopyBuffer } from '@confiture/performance';
import { createTestDatabase, type TestDatabase } from '@confiture/pg-harness';
import pg from 'pg';
import { copyChunk, type BatchTransform } from './copy-chunk';

const table = { schema: 'public', name: 'people' };
const columns = ['id', 'name', 'note', 'blob', 'tags'];

describe('copyChunk', () => {
  let sourceDb: TestDatabase;
  let targetDb: TestDatabase;
  let source: pg.Client;
  let target: pg.Client;

  beforeEach(async () => {
    sourceDb = await createTestDatabase();
    targetDb = await createTestDatabase();
    source = new pg.Client({ connectionString: sourceDb.url });
    target = new pg.Client({ connectionString: targetDb.url });
    await Promise.all([source.connect(), target.connect()]);
    const ddl =
      'CREATE TABLE people (id int PRIMARY KEY, name text, note text, blob bytea, tags text[])';
    await source.query(ddl);
    await target.query(ddl);
    await source.query(`INSERT INTO people
      SELECT g, 'name ' || g, CASE WHEN g % 7 = 0 THEN NULL ELSE E'tab\\there\\nnew line \\\\ back ' || g || ' é☃' END,
             decode(md5(g::text), 'hex'), ARRAY['a', 'b "q"', NULL]
        FROM generate_series(1, 20000) g`);
  });
  afterEach(async () => {
    await Promise.all([source.end(), target.end()]);
    await Promise.all([sourceDb.drop(), targetDb.drop()]);
  });

  const dump = async (client: pg.Client) =>
    (
      await client.query(
        `SELECT id, name, note, encode(blob, 'hex') AS blob, tags FROM people ORDER BY id`,
      )
    ).rows;

  it('copies every value byte for byte when nothing is transformed', async () => {
    const result = await copyChunk(source, target, {
      select: `SELECT ${columns.join(', ')} FROM people`,
      target: table,
      columns,
      batchBytes: 4096,
    });
    expect(result.rows).toBe(20000);
    expect(await dump(target)).toEqual(await dump(source));
  });

  it('copies every value byte for byte in binary format, loaded frozen, with rows counted per batch', async () => {
    const seen: number[] = [];
    await target.query('BEGIN');
    await target.query('TRUNCATE ONLY people');
    const result = await copyChunk(source, target, {
      select: `SELECT ${columns.join(', ')} FROM people`,
      target: table,
      columns,
      batchBytes: 4096,
      format: 'binary',
      freeze: true,
      onRows: (n) => seen.push(n),
    });
    await target.query('COMMIT');
    expect(result.rows).toBe(20000);
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.reduce((a, b) => a + b, 0)).toBe(20000);
    expect(await dump(target)).toEqual(await dump(source));
  });

  it('copies an empty result in binary format', async () => {
    const result = await copyChunk(source, target, {
      select: `SELECT ${columns.join(', ')} FROM people WHERE false`,
      target: table,
      columns,
      format: 'binary',
    });
    expect(result.rows).toBe(0);
    expect(await dump(target)).toEqual([]);
  });

  it('applies the transform to whole batches of rows and keeps the others intact', async () => {
    const upperName: BatchTransform = async (data) =>
      transformCopyBuffer(data, [undefined, (v) => (v === null ? null : v.toUpperCase())]);
    const seen: number[] = [];
    const result = await copyChunk(source, target, {
      select: `SELECT ${columns.join(', ')} FROM people WHERE id <= 15000`,
      target: table,
      columns,
      transform: upperName,
      batchBytes: 10_000,
      inFlight: 3,
      onRows: (n) => seen.push(n),
    });
    expect(result.rows).toBe(15000);
    expect(seen.reduce((a, b) => a + b, 0)).toBe(15000);
    const expected = (await dump(source))
      .filter((r) => r.id <= 15000)
      .map((r) => ({ ...r, name: r.name.toUpperCase() }));
    expect(await dump(target)).toEqual(expected);
  });

  it('fails without writing anything when the transform throws, the source still sending', async () => {
    await target.query('BEGIN');
    let batches = 0;
    await expect(
      copyChunk(source, target, {
        select: `SELECT ${columns.join(', ')} FROM people`,
        target: table,
        columns,
        // Small batches: the source has most of the table still to send when the second fails.
        batchBytes: 4096,
        transform: async (data) => {
          if (++batches === 2) throw new Error('boom');
          return { data, rows: 0 };
        },
      }),
    ).rejects.toThrow('boom');
    await target.query('ROLLBACK');
    expect((await target.query('SELECT count(*)::int AS n FROM people')).rows[0].n).toBe(0);
    // both connections remain usable
    expect((await source.query('SELECT 1 AS one')).rows[0].one).toBe(1);
  });
});
