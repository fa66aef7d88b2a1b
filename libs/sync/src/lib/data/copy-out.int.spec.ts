import { setTimeout as sleep } from 'node:timers/promises';
import { connectTestDatabase, type ConnectedTestDatabase } from '@confiture/pg-harness';
import { to as copyTo } from 'pg-copy-streams';
import { CopyOutStream } from './copy-out';

describe('CopyOutStream', () => {
  let db: ConnectedTestDatabase;
  beforeEach(async () => {
    db = await connectTestDatabase();
    // Rows from empty to several times a socket read, so headers and rows fall across reads.
    await db.client.query(`CREATE TABLE t (id int, v text);
      INSERT INTO t SELECT g, CASE WHEN g % 97 = 0 THEN repeat(md5(g::text), 3000)
                                   WHEN g % 5 = 0 THEN NULL
                                   WHEN g % 3 = 0 THEN ''
                                   ELSE E'row\\t' || g || E' é☃\\n' END
        FROM generate_series(1, 30000) g`);
  });
  afterEach(async () => {
    await db.drop();
  });

  const collect = async (stream: AsyncIterable<Buffer>, slow = false) => {
    const parts: Buffer[] = [];
    let n = 0;
    for await (const part of stream) {
      parts.push(Buffer.from(part));
      if (slow && ++n % 50 === 0) await sleep(1);
    }
    return Buffer.concat(parts);
  };

  it('gives the same bytes as pg-copy-streams, and the row count', async () => {
    const sql = 'COPY (SELECT * FROM t ORDER BY id) TO STDOUT';
    const expected = await collect(db.client.query(copyTo(sql)));
    const stream = db.client.query(new CopyOutStream(sql));
    const actual = await collect(stream);
    expect(actual.length).toBe(expected.length);
    expect(actual.equals(expected)).toBe(true);
    expect(stream.rowCount).toBe(30000);
    // The connection is pg's again.
    expect((await db.client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('keeps every byte when the reader is slow (back-pressure)', async () => {
    const sql = 'COPY t TO STDOUT';
    const expected = await collect(db.client.query(copyTo(sql)));
    expect((await collect(db.client.query(new CopyOutStream(sql)), true)).equals(expected)).toBe(
      true,
    );
  });

  it('skips notices sent in the middle of the rows', async () => {
    await db.client.query(`CREATE FUNCTION noisy(i int) RETURNS int LANGUAGE plpgsql AS
      $$ BEGIN IF i % 1000 = 0 THEN RAISE NOTICE 'at %', i; END IF; RETURN i; END $$`);
    const sql = 'COPY (SELECT noisy(id), v FROM t ORDER BY id) TO STDOUT';
    const expected = await collect(db.client.query(copyTo(sql)));
    expect((await collect(db.client.query(new CopyOutStream(sql)))).equals(expected)).toBe(true);
  });

  it('fails with the server error raised in the middle of the COPY, and the connection stays usable', async () => {
    const stream = db.client.query(
      new CopyOutStream('COPY (SELECT 1 / (id - 20000), v FROM t ORDER BY id) TO STDOUT'),
    );
    await expect(collect(stream)).rejects.toThrow(/division by zero/);
    expect((await db.client.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
  });
});
