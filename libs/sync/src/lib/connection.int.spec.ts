import { resolveConnection } from '@confiture/domain';
import { createTestDatabase, type TestDatabase } from '@confiture/pg-harness';
import { openConnection, requestCancel } from './connection';

describe('openConnection', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.drop();
  });

  it('connects to a URL and opens a read-only session for a source', async () => {
    const client = await openConnection(resolveConnection(db.url), { role: 'source' });
    try {
      await expect(client.query('CREATE TABLE t (id int)')).rejects.toThrow(
        /read-only transaction/,
      );
    } finally {
      await client.end();
    }
  });

  it('cancels the statement a connection is running, which stays usable', async () => {
    const client = await openConnection(resolveConnection(db.url), { role: 'target' });
    try {
      const started = Date.now();
      const sleeping = client.query('SELECT pg_sleep(60)');
      // Sent once the statement is running on the server.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await requestCancel(client);
      await expect(sleeping).rejects.toMatchObject({ code: '57014' });
      expect(Date.now() - started).toBeLessThan(30_000);
      expect((await client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
    } finally {
      await client.end();
    }
  });

  it('lets a target write', async () => {
    const client = await openConnection(resolveConnection(db.url), { role: 'target' });
    try {
      await client.query('CREATE TABLE t (id int)');
      await client.query('INSERT INTO t VALUES (1)');
      expect((await client.query('SELECT count(*)::int AS n FROM t')).rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
  });

  it('names a missing database in one line', async () => {
    const url = new URL(db.url);
    url.pathname = '/confiture_no_such_db';
    await expect(
      openConnection(resolveConnection(url.toString()), { role: 'source' }),
    ).rejects.toMatchObject({
      code: 'CONNECTION_FAILED',
      message: expect.stringMatching(/database "confiture_no_such_db" does not exist$/),
    });
  });

  it('says connection refused for a closed port, without the password', async () => {
    const error = await openConnection(
      resolveConnection('postgresql://someone:hunter2-secret@127.0.0.1:1/db?connect_timeout=3'),
      { role: 'source' },
    ).catch((e: unknown) => e as Error & { hint?: string });
    if (!(error instanceof Error)) throw new Error('expected an error');
    expect(error.message).toBe('someone@127.0.0.1:1/db: connection refused at 127.0.0.1:1');
    expect(JSON.stringify(error) + error.message + String(error.hint)).not.toContain(
      'hunter2-secret',
    );
  });

  it('reports a bad password as an authentication failure when the server checks passwords', async () => {
    const url = new URL(db.url);
    if (!url.password) return; // trust-auth servers (the local one) accept any password
    url.password = 'definitely-wrong';
    await expect(
      openConnection(resolveConnection(url.toString()), { role: 'source' }),
    ).rejects.toMatchObject({
      code: 'CONNECTION_FAILED',
      message: expect.stringMatching(/authentication failed for user/),
    });
  });
});
