import { ConfitureError, resolveConnection, resolveProfile, type Profile } from '@confiture/domain';
import { strategyCatalog } from '@confiture/strategies';
import pg from 'pg';
import { useDatabasePair } from '../../test-support/database-pair';
import type { SyncHook } from './hooks';
import { runSync } from './run-sync';
import { readLatestRun } from './state-store';
import type { SyncOptions } from './sync-options';

const env = { TEST_SEED: 'a-test-seed-of-some-length' };
const profileOf = (document: unknown): Profile =>
  resolveProfile(document, { catalog: strategyCatalog, name: 'test-profile' });
/** A rule on `name`, so that `people` travels in COPY text format through a transform. */
const peopleProfile = (settings: Record<string, unknown> = {}) =>
  profileOf({
    global: { seed_env_var: 'TEST_SEED' },
    tables: { 'public.people': { rules: [{ column: 'name', strategy: 'name' }], ...settings } },
  });
const PEOPLE = `
  CREATE TABLE people (id int PRIMARY KEY, email text NOT NULL, name text);
  INSERT INTO people VALUES (1, 'alice@example.com', 'Alice'), (2, 'bob@example.com', 'Bob');`;

/** What a sync threw (it must throw). */
async function failureOf(sync: Promise<unknown>): Promise<ConfitureError> {
  const outcome = await sync.then(
    () => new Error('the sync succeeded'),
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(ConfitureError);
  return outcome as ConfitureError;
}

describe('runSync on what real schemas hold', () => {
  const db = useDatabasePair();
  const options = (overrides: Partial<SyncOptions> = {}): SyncOptions => ({
    source: resolveConnection(db.sourceDb.url),
    target: resolveConnection(db.targetDb.url),
    profile: profileOf({ global: {} }),
    env,
    workers: 2,
    transformThreads: 0,
    ...overrides,
  });
  const count = async (sql: string) =>
    (await db.target.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`)).rows[0]!.n;
  /** Runs `sql` on the target once the schema is created, before any row is copied. */
  const afterSchema = (sql: string): SyncHook => ({
    name: 'changes the target after the schema phase',
    at: 'after:schema',
    run: async ({ target }) => {
      await target.query(sql);
    },
  });
  /** The run as the target records it, which must say it failed, and why. */
  const failedRun = async () => {
    const run = await readLatestRun(db.target);
    expect(run).toMatchObject({ status: 'failed' });
    return run!;
  };

  it('copies tables with no columns, rows included, and verification agrees', async () => {
    await db.source.query(`
      CREATE TABLE t0 ();
      INSERT INTO t0 DEFAULT VALUES; INSERT INTO t0 DEFAULT VALUES; INSERT INTO t0 DEFAULT VALUES;
      CREATE SCHEMA other;
      CREATE TABLE other."Empty" ();
      CREATE TABLE t1 (id int PRIMARY KEY);
      INSERT INTO t1 SELECT generate_series(1, 5);`);
    const report = await runSync(options());
    expect(report.status).toBe('completed');
    expect(report.verification?.passed).toBe(true);
    expect(await count('t0')).toBe(3);
    expect(await count('other."Empty"')).toBe(0);
    expect(await count('t1')).toBe(5);
    expect(report.tables.find((t) => t.table === 'public.t0')?.rows).toBe(3);
  });

  describe('refuses at pre-flight, before the target is touched, a view that cannot be created', () => {
    const targetUntouched = async () => {
      const { rows } = await db.target.query(
        `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname IN ('public', 'confiture')`,
      );
      expect(rows[0].n).toBe(0);
      expect(await readLatestRun(db.target)).toBeUndefined();
    };

    it('a view replaced by one that reads itself', async () => {
      await db.source.query(`
        CREATE TABLE t (id int);
        CREATE VIEW v AS SELECT id FROM t;
        CREATE OR REPLACE VIEW v AS SELECT * FROM v;
        CREATE VIEW fine AS SELECT id FROM t;`);
      const error = await failureOf(runSync(options()));
      expect(error.code).toBe('SYNC_REFUSED');
      expect(error.message).toBe('a view of the source cannot be created on the target: public.v');
      expect(error.details.map((d) => d.message)).toEqual([
        expect.stringMatching(/^view public\.v cannot be created: infinite recursion/),
      ]);
      expect(error.hint).toMatch(/reads itself.*Fix each view named above in the source/s);
      await targetUntouched();
    });

    it('views that read each other in a circle, all named at once', async () => {
      await db.source.query(`
        CREATE SCHEMA "Odd";
        CREATE VIEW a AS SELECT 1 AS x;
        CREATE VIEW "Odd"."B" AS SELECT x FROM a;
        CREATE OR REPLACE VIEW a AS SELECT x FROM "Odd"."B";`);
      const error = await failureOf(runSync(options()));
      expect(error.code).toBe('SYNC_REFUSED');
      expect(error.message).toMatch(/2 views .*: "Odd"\."B", public\.a$/);
      await targetUntouched();
    });
  });

  describe('a COPY that fails ends the run failed, naming the table and chunk, never a value', () => {
    beforeEach(async () => {
      await db.source.query(PEOPLE);
    });
    const noValue = (text: string | undefined) => {
      expect(text).not.toMatch(/alice|bob|example\.com/i);
    };

    it('the target rejects a value (a type changed after the schema phase)', async () => {
      const hooks = [afterSchema('ALTER TABLE people ALTER COLUMN email TYPE int USING NULL')];
      const error = await failureOf(runSync(options({ profile: peopleProfile(), hooks })));
      expect(error.code).toBe('SYNC_FAILED');
      expect(error.message).toBe(
        'copying public.people (chunk 1 of 1) failed on the target: invalid input syntax for type integer: "…" (SQLSTATE 22P02)',
      );
      expect(error.location.table).toBe('public.people');
      expect(error.hint).toMatch(
        /rejected a row.*\nThe target .* is incomplete; run again with --resume/s,
      );
      const run = await failedRun();
      expect(run.error).toBe(error.message);
      noValue(JSON.stringify(error.toJSON()));
    });

    it('the target rejects a row by a constraint whose DETAIL holds the value', async () => {
      const hooks = [
        afterSchema("CREATE UNIQUE INDEX one_domain ON people ((split_part(email, '@', 2)))"),
      ];
      const error = await failureOf(runSync(options({ profile: peopleProfile(), hooks })));
      expect(error.message).toBe(
        'copying public.people (chunk 1 of 1) failed on the target: duplicate key value violates unique constraint "one_domain" (SQLSTATE 23505)',
      );
      noValue(JSON.stringify(error.toJSON()));
      noValue((await failedRun()).error);
    });

    it('a key that cannot be built after the load names no value of its DETAIL', async () => {
      await db.source.query('ALTER TABLE people ADD UNIQUE (email)');
      const duplicate: SyncHook = {
        name: 'adds a duplicate row to the target',
        at: 'after:data',
        run: async ({ target }) => {
          await target.query(`INSERT INTO people VALUES (3, 'alice@example.com', 'Alice')`);
        },
      };
      const error = await failureOf(runSync(options({ hooks: [duplicate] })));
      expect(error.message).toMatch(
        /^cannot create .*people_email_key.* could not create unique index/,
      );
      noValue(JSON.stringify(error.toJSON()));
      noValue((await failedRun()).error);
    });

    it('the source cannot compute a row (a filter that fails on a value)', async () => {
      const profile = peopleProfile({ filter: 'email::int > 0' });
      const error = await failureOf(runSync(options({ profile })));
      expect(error.code).toBe('SYNC_FAILED');
      expect(error.message).toBe(
        'copying public.people (chunk 1 of 1) failed on the source: invalid input syntax for type integer: "…" (SQLSTATE 22P02)',
      );
      noValue(JSON.stringify(error.toJSON()));
      noValue((await failedRun()).error);
    });
  });

  describe('a session terminated in the middle of a COPY', () => {
    beforeEach(async () => {
      await db.source.query(`
        CREATE TABLE people (id int PRIMARY KEY, email text NOT NULL, name text);
        INSERT INTO people
          SELECT i, 'person' || i || '@example.com', repeat('x', 200) FROM generate_series(1, 400000) i;`);
    });
    /** Terminates the first backend of `database` running a COPY under `application`. */
    const terminateCopy = async (database: string, application: string) => {
      const admin = new pg.Client({ connectionString: db.sourceDb.url });
      await admin.connect();
      try {
        for (let tries = 0; tries < 1000; tries++) {
          const { rows } = await admin.query<{ done: boolean }>(
            `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
              WHERE datname = $1 AND application_name = $2 AND query LIKE 'COPY%' AND state = 'active'`,
            [database, application],
          );
          if (rows.some((r) => r.done)) return true;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        return false;
      } finally {
        await admin.end();
      }
    };

    it('on the target: the failure is recorded over a fresh session', async () => {
      const sync = runSync(options({ profile: peopleProfile(), workers: 1 }));
      const terminated = terminateCopy(db.targetDb.name, 'confiture sync (target)');
      const error = await failureOf(sync);
      expect(await terminated).toBe(true);
      expect(error.code).toBe('SYNC_FAILED');
      expect(error.message).toMatch(
        /^copying public\.people \(chunk 1 of 1\) failed on the target: /,
      );
      expect(error.hint).toMatch(/session ended during the copy/);
      expect((await failedRun()).error).toBe(error.message);
    });

    it('on the source', async () => {
      const sync = runSync(options({ profile: peopleProfile(), workers: 1 }));
      const terminated = terminateCopy(db.sourceDb.name, 'confiture sync worker 0');
      const error = await failureOf(sync);
      expect(await terminated).toBe(true);
      expect(error.message).toMatch(
        /^copying public\.people \(chunk 1 of 1\) failed on the source: /,
      );
      expect((await failedRun()).error).toBe(error.message);
    });
  });

  it('a failure that leaves the target session in an aborted transaction is still recorded, without its value', async () => {
    await db.source.query(PEOPLE);
    const aborting: SyncHook = {
      name: 'leaves the target transaction aborted',
      at: 'after:data',
      run: async ({ target }) => {
        await target.query('BEGIN');
        await target.query(`SELECT 'alice@example.com'::int`);
      },
    };
    const error = await failureOf(runSync(options({ hooks: [aborting] })));
    expect(error.message).toBe('invalid input syntax for type integer: "…"');
    expect((await failedRun()).error).toBe(error.message);
  });
});
