import { connectTestDatabase, type ConnectedTestDatabase } from '@confiture/pg-harness';
import pg from 'pg';
import { chunkCondition, planChunks } from './chunks';

describe('planChunks', () => {
  let db: ConnectedTestDatabase;
  let client: pg.Client;
  beforeEach(async () => {
    db = await connectTestDatabase();
    client = db.client;
    await client.query(`CREATE TABLE t (id bigint PRIMARY KEY, v text);
      INSERT INTO t SELECT g, 'v' || g FROM generate_series(-500, 9499) g;`);
  });
  afterEach(async () => {
    await db.drop();
  });

  it('covers every row exactly once with open outer ranges', async () => {
    const chunks = await planChunks(client, { schema: 'public', name: 't' }, 'id', 10_000, 1_000);
    expect(chunks).toHaveLength(10);
    expect(chunks[0]!.lower).toBeUndefined();
    expect(chunks[9]!.upper).toBeUndefined();
    // rows added after planning, beyond the bounds, still land in the outer chunks
    await client.query(`INSERT INTO t VALUES (-10000, 'low'), (100000, 'high')`);
    let total = 0;
    for (const chunk of chunks) {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM t WHERE ${chunkCondition('id', chunk)}`,
      );
      total += rows[0].n;
    }
    expect(total).toBe(10_002);
  });

  it('keeps small or keyless tables in one chunk', async () => {
    expect(await planChunks(client, { schema: 'public', name: 't' }, 'id', 500, 1_000)).toEqual([
      { index: 0 },
    ]);
    expect(
      await planChunks(client, { schema: 'public', name: 't' }, undefined, 1e9, 1_000),
    ).toEqual([{ index: 0 }]);
    expect(chunkCondition(undefined, { index: 0 })).toBe('TRUE');
  });

  it('makes the nearest whole number of chunks of about chunkRows rows', async () => {
    const count = async (estimate: number) =>
      (await planChunks(client, { schema: 'public', name: 't' }, 'id', estimate, 1_000)).length;
    expect(await count(1_400)).toBe(1);
    expect(await count(1_500)).toBe(2);
    expect(await count(2_600)).toBe(3);
  });
});
