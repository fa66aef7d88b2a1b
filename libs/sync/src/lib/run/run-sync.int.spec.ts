import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConfitureError,
  resolveConnection,
  resolveProfile,
  SYNC_PHASES,
  type Profile,
} from '@confiture/domain';
import {
  createTestDatabase,
  startEmbeddedPostgres,
  type TestDatabase,
} from '@confiture/pg-harness';
import { strategyCatalog } from '@confiture/strategies';
import pg from 'pg';
import { runSync } from './run-sync';
import type { PlannedSync, SyncHook, SyncStart } from './hooks';
import { readLatestRun } from './state-store';
import type { SyncOptions } from './sync-options';
import type { SyncEvent } from '@confiture/domain';

const fixture = (name: string) => readFileSync(join(__dirname, '../../test-support', name), 'utf8');
const env = { TEST_SEED: 'a-test-seed-of-some-length' };

function profileOf(document: unknown): Profile {
  return resolveProfile(document, { catalog: strategyCatalog, name: 'test-profile' });
}

const trickyProfile = () =>
  profileOf({
    global: { seed_env_var: 'TEST_SEED' },
    tables: {
      'app.Accounts': [
        { column: 'Email', strategy: 'email' },
        { column: 'full_name', strategy: 'name' },
        { column: 'phone', strategy: 'phone' },
        { column: 'tags', strategy: 'redact', replacement: 'x' },
        { column: 'profile', strategy: 'json', rules: [{ path: '$.email', strategy: 'email' }] },
      ],
      'public.audit_trail': [{ column: 'actor', strategy: 'email' }],
    },
  });

describe('runSync', () => {
  let sourceDb: TestDatabase;
  let targetDb: TestDatabase;
  let source: pg.Client;
  let target: pg.Client;

  beforeEach(async () => {
    sourceDb = await createTestDatabase({ prefix: 'confiture_src' });
    targetDb = await createTestDatabase({ prefix: 'confiture_dst' });
    source = new pg.Client({ connectionString: sourceDb.url });
    target = new pg.Client({ connectionString: targetDb.url });
    await Promise.all([source.connect(), target.connect()]);
    await source.query(fixture('tricky-schema.sql'));
    await source.query(fixture('tricky-data.sql'));
  });
  afterEach(async () => {
    await Promise.all([source.end(), target.end()]);
    await Promise.all([sourceDb.drop(), targetDb.drop()]);
  });

  const options = (overrides: Partial<SyncOptions> = {}): SyncOptions => ({
    source: resolveConnection(sourceDb.url),
    target: resolveConnection(targetDb.url),
    profile: trickyProfile(),
    env,
    workers: 3,
    transformThreads: 0,
    chunkRows: 700,
    ...overrides,
  });
  const rowsOf = async (client: pg.Client, sql: string) => (await client.query(sql)).rows;
  /** Schemas a sync would have created in the target (0 when it wrote nothing). */
  const writtenSchemas = async () =>
    (
      await rowsOf(
        target,
        `SELECT count(*)::int AS n FROM pg_namespace WHERE nspname IN ('app', 'confiture')`,
      )
    )[0].n;

  it('copies the whole tricky schema with every rule applied, deterministically across tables', async () => {
    const events: SyncEvent[] = [];
    const report = await runSync(options({ onEvent: (e) => events.push(e) })).catch((e) => {
      console.log(JSON.stringify(e.toJSON(), null, 1));
      throw e;
    });
    expect(report.status).toBe('completed');
    expect(report.verification?.passed).toBe(true);

    // Untouched columns are identical; anonymized ones changed.
    const columns = `id, "order", mood::text, encode(avatar, 'hex') AS avatar, login_ip::text, nickname::text, created_at`;
    expect(await rowsOf(target, `SELECT ${columns} FROM app."Accounts" ORDER BY id`)).toEqual(
      await rowsOf(source, `SELECT ${columns} FROM app."Accounts" ORDER BY id`),
    );
    const [before] = await rowsOf(source, `SELECT * FROM app."Accounts" WHERE id = 5`);
    const [after] = await rowsOf(target, `SELECT * FROM app."Accounts" WHERE id = 5`);
    expect(after.Email).not.toBe(before.Email);
    expect(after.Email).toMatch(/@/);
    expect(after.full_name).not.toBe(before.full_name);
    expect(after.phone).not.toBe(before.phone);
    expect(after.tags).toEqual(['x', 'x', null]);
    expect(after.profile.email).not.toBe(before.profile.email);
    expect(after.profile.age).toBe(before.profile.age);
    expect(after.profile.nested).toEqual(before.profile.nested);
    // The generated column is recomputed from the anonymized name.
    expect(after.name_upper).toBe(after.full_name.toUpperCase());
    // Same value under the same seed → same output in another table (joins still match).
    const [trail] = await rowsOf(
      target,
      `SELECT actor FROM audit_trail WHERE actor = '${after.Email}' LIMIT 1`,
    );
    expect(trail?.actor).toBe(after.Email);

    // Every table has its rows; partitions route; the keyless table came across.
    for (const table of [
      'app."Accounts"',
      'app.employees',
      'app.account_roles',
      'app.events',
      'app.invoices',
      'public.audit_trail',
    ]) {
      expect(await rowsOf(target, `SELECT count(*)::int AS n FROM ${table}`)).toEqual(
        await rowsOf(source, `SELECT count(*)::int AS n FROM ${table}`),
      );
    }
    expect(
      (await rowsOf(target, `SELECT count(*)::int AS n FROM ONLY app.events_2025`))[0].n,
    ).toBeGreaterThan(0);

    // Constraints, identity, sequence, trigger and view work in the target.
    await expect(
      target.query(`INSERT INTO app.employees VALUES (9999, 123456, 'x')`),
    ).rejects.toThrow(/foreign key/);
    const next = await rowsOf(
      target,
      `INSERT INTO app."Accounts" ("Email") VALUES ('new@x.io') RETURNING id`,
    );
    expect(Number(next[0].id)).toBe(3001);
    const invoice = await rowsOf(
      target,
      `INSERT INTO app.invoices (account_id, amount) VALUES (1, 1) RETURNING number`,
    );
    expect(invoice[0].number).toBe(5000);
    await target.query(`UPDATE app.invoices SET amount = 2 WHERE number = 5000`);
    expect(
      (await rowsOf(target, `SELECT updated_at FROM app.invoices WHERE number = 5000`))[0]
        .updated_at,
    ).not.toBeNull();
    expect((await rowsOf(target, `SELECT count(*)::int AS n FROM app.account_totals`))[0].n).toBe(
      3001,
    );

    // Progress was reported per table, and chunks were used.
    expect(events.some((e) => e.type === 'table-finished' && e.table === 'app."Accounts"')).toBe(
      true,
    );
    expect(report.tables.find((t) => t.table === 'app."Accounts"')?.chunks).toBeGreaterThan(1);
    expect(
      report.tables.find((t) => t.table === 'app."Accounts"')?.anonymized.map((a) => a.column),
    ).toEqual(['Email', 'full_name', 'phone', 'tags', 'profile']);
  });

  it('syncs from the test server into another server (PostgreSQL 15 → 18 with the machine server)', async () => {
    const embedded = await startEmbeddedPostgres();
    try {
      const other = await createTestDatabase({ serverUrl: embedded.url, prefix: 'confiture_xver' });
      const client = new pg.Client({ connectionString: other.url });
      try {
        const report = await runSync(options({ target: resolveConnection(other.url) }));
        expect(report.verification?.passed).toBe(true);
        await client.connect();
        const versions = [
          (await source.query('SHOW server_version_num')).rows[0],
          (await client.query('SHOW server_version_num')).rows[0],
        ];
        expect(Number(versions[1].server_version_num)).toBeGreaterThanOrEqual(180000);
        for (const table of [
          'app."Accounts"',
          'app.events',
          'app.invoices',
          'public.audit_trail',
        ]) {
          expect(await rowsOf(client, `SELECT count(*)::int AS n FROM ${table}`)).toEqual(
            await rowsOf(source, `SELECT count(*)::int AS n FROM ${table}`),
          );
        }
        const next = await rowsOf(
          client,
          `INSERT INTO app."Accounts" ("Email") VALUES ('x@y.io') RETURNING id`,
        );
        expect(Number(next[0].id)).toBe(3001);
      } finally {
        await client.end().catch(() => undefined);
        await other.drop();
      }
    } finally {
      await embedded.stop();
    }
  });

  it('runs the transforms on worker threads with the same result', async () => {
    const inline = await runSync(options());
    const inlineRows = await rowsOf(
      target,
      `SELECT id, "Email", full_name, phone FROM app."Accounts" ORDER BY id`,
    );
    const second = await createTestDatabase({ prefix: 'confiture_dst' });
    try {
      const pooled = await runSync(
        options({ target: resolveConnection(second.url), transformThreads: 2 }),
      );
      expect(pooled.verification?.passed).toBe(true);
      const client = new pg.Client({ connectionString: second.url });
      await client.connect();
      try {
        expect(
          await rowsOf(
            client,
            `SELECT id, "Email", full_name, phone FROM app."Accounts" ORDER BY id`,
          ),
        ).toEqual(inlineRows);
      } finally {
        await client.end();
      }
    } finally {
      await second.drop();
    }
    expect(inline.status).toBe('completed');
  });

  it('sees one snapshot: rows written to the source after it started are not copied', async () => {
    const writer = new pg.Client({ connectionString: sourceDb.url });
    await writer.connect();
    try {
      const report = await runSync(
        options({
          hooks: [
            {
              name: 'late writer',
              at: 'after:preflight',
              run: async () => {
                await writer.query(`INSERT INTO app.employees VALUES (5000, 1, 'late arrival')`);
              },
            },
          ],
        }),
      );
      expect(report.verification?.passed).toBe(true);
      expect(
        (await rowsOf(target, `SELECT count(*)::int AS n FROM app.employees WHERE id = 5000`))[0].n,
      ).toBe(0);
    } finally {
      await writer.end();
    }
  });

  it('runs hooks before and after each phase, their checks in the verification, cleanup last', async () => {
    const trace: string[] = [];
    const points = SYNC_PHASES.flatMap((phase) =>
      // One hook per point; a computed point types its context as either kind.
      (['before', 'after'] as const).map(
        (when) =>
          ({
            name: `trace ${when}:${phase}`,
            at: `${when}:${phase}`,
            run: async (context: SyncStart | PlannedSync) => {
              const sessions = 'plan' in context ? ` (${context.plan.tables.length} tables)` : '';
              trace.push(`${when}:${phase}${sessions}`);
              return when === 'after' && phase === 'data' ? { warnings: ['a hook warns'] } : {};
            },
          }) as SyncHook,
      ),
    );
    const hooks: SyncHook[] = [
      ...points,
      {
        name: 'extra check',
        at: 'verify',
        run: async (context) => {
          const { rows } = await context.target.query(
            'SELECT count(*)::int AS n FROM app.employees',
          );
          trace.push('verify: extra check');
          return {
            checks: [{ name: 'extra', status: 'passed', detail: `${rows[0].n} employees` }],
          };
        },
      },
      {
        name: 'cleanup',
        at: 'cleanup',
        run: (outcome) =>
          void trace.push(`cleanup: ${'report' in outcome ? outcome.report.status : 'error'}`),
      },
    ];
    const report = await runSync(options({ hooks }));
    const tables = ` (${report.tables.length} tables)`;
    expect(trace).toEqual([
      'before:preflight',
      `after:preflight${tables}`,
      `before:schema${tables}`,
      `after:schema${tables}`,
      `before:data${tables}`,
      `after:data${tables}`,
      `before:post-data${tables}`,
      `after:post-data${tables}`,
      `before:verify${tables}`,
      'verify: extra check',
      `after:verify${tables}`,
      `before:record${tables}`,
      `after:record${tables}`,
      'cleanup: completed',
    ]);
    expect(report.verification?.checks.at(-1)).toEqual({
      name: 'extra',
      status: 'passed',
      detail: '200 employees',
    });
    expect(report.warnings).toContain('a hook warns');

    // A hook that throws after the load fails the run, which is then resumed; cleanup still runs.
    trace.length = 0;
    const failing: SyncHook = {
      name: 'refuses after data',
      at: 'after:data',
      run: () => {
        throw new ConfitureError('SYNC_REFUSED', 'a hook refused the data');
      },
    };
    const error = (await runSync(
      options({ hooks: [failing, hooks.at(-1)!], confirmOverwrite: async () => true }),
    ).catch((e: unknown) => e)) as ConfitureError;
    expect(error.message).toBe('a hook refused the data');
    expect(error.hint).toMatch(/--resume/);
    expect(trace).toEqual(['cleanup: error']);
    expect(
      await rowsOf(
        target,
        `SELECT status, phase FROM confiture.sync_runs ORDER BY started_at DESC LIMIT 1`,
      ),
    ).toEqual([{ status: 'failed', phase: 'data' }]);
    const resumed = await runSync(options({ resume: true }));
    expect(resumed).toMatchObject({ resumed: true, verification: { passed: true } });
  });

  it('checks every rule against the schema before writing anything', async () => {
    const profile = profileOf({
      global: { seed_env_var: 'TEST_SEED' },
      tables: {
        'app.accounts': [{ column: 'email', strategy: 'email' }],
        'app.Accounts': [
          { column: 'nope', strategy: 'redact' },
          { column: 'created_at', strategy: 'suppress' },
          { column: 'Email', strategy: 'name' },
          { column: 'name_upper', strategy: 'redact' },
        ],
      },
    });
    const error = (await runSync(options({ profile })).catch((e: unknown) => e)) as ConfitureError;
    expect(error.code).toBe('PLAN_INVALID');
    const messages = error.details.map((d) => d.message).join('\n');
    expect(messages).toMatch(/table app\.accounts does not exist in the source/);
    expect(messages).toMatch(/"nope" does not exist|nope does not exist/);
    expect(messages).toMatch(/suppress/);
    expect(messages).toMatch(/name strategy/);
    expect(messages).toMatch(/generated column/);
    expect(await writtenSchemas()).toBe(0);
  });

  it('refuses a readonly target and disable_triggers: false before writing', async () => {
    const readonly = { ...resolveConnection(targetDb.url), readonly: true };
    const refused = (await runSync(options({ target: readonly })).catch(
      (e: unknown) => e,
    )) as ConfitureError;
    expect(refused.code).toBe('SYNC_REFUSED');
    expect(refused.message).toMatch(/is marked readonly$/);
    const firing = (await runSync(
      options({
        profile: profileOf({
          global: { seed_env_var: 'TEST_SEED' },
          performance: { disable_triggers: false },
        }),
      }),
    ).catch((e: unknown) => e)) as ConfitureError;
    expect(firing.code).toBe('PLAN_INVALID');
    expect(firing.message).toMatch(/^performance.disable_triggers: false is not supported/);
    expect(await writtenSchemas()).toBe(0);
  });

  it('refuses to sync a database into itself', async () => {
    const error = (await runSync(options({ target: resolveConnection(sourceDb.url) })).catch(
      (e: unknown) => e,
    )) as ConfitureError;
    expect(error.code).toBe('SYNC_REFUSED');
    expect(error.message).toMatch(/same database/);
  });

  it('asks before overwriting a non-empty target and changes nothing when refused', async () => {
    await target.query('CREATE TABLE keep_me (id int)');
    const error = (await runSync(options({ confirmOverwrite: async () => false })).catch(
      (e: unknown) => e,
    )) as ConfitureError;
    expect(error.code).toBe('SYNC_REFUSED');
    expect(
      (await rowsOf(target, `SELECT to_regclass('public.keep_me') IS NOT NULL AS ok`))[0].ok,
    ).toBe(true);
    const report = await runSync(options({ confirmOverwrite: async () => true }));
    expect(report.status).toBe('completed');
    expect(
      (await rowsOf(target, `SELECT to_regclass('public.keep_me') IS NOT NULL AS ok`))[0].ok,
    ).toBe(false);
  });

  it('names a missing seed variable before writing anything', async () => {
    const error = (await runSync(options({ env: {} })).catch((e: unknown) => e)) as ConfitureError;
    expect(error.code).toBe('ENV_VAR_MISSING');
    expect(error.message).toBe('environment variable TEST_SEED is not set');
    expect(await writtenSchemas()).toBe(0);
  });

  it('stops after the plan with --dry-run, showing before/after samples, and writes nothing', async () => {
    const report = await runSync(options({ dryRun: true }));
    expect(report.status).toBe('dry-run');
    const email = report.samples?.find((s) => s.column === 'Email');
    expect(email?.samples).toHaveLength(3);
    // The source side is shown masked unless asked for.
    expect(email?.samples[0]!.before).toMatch(/^[^*@]\*+@e\*{6}\.com$/);
    expect(email?.samples[0]!.after).not.toBe(email?.samples[0]!.before);
    const raw = await runSync(options({ dryRun: true, showSampleValues: true }));
    const rawEmail = raw.samples?.find((s) => s.column === 'Email');
    expect(rawEmail?.samples[0]!.before).toMatch(/^[^*]+@example\.com$/);
    expect(rawEmail?.samples[0]!.after).toBe(email?.samples[0]!.after);
    expect(await writtenSchemas()).toBe(0);
  });

  it('creates excluded tables empty, samples and filters, and drops rows whose parent was left out', async () => {
    const profile = profileOf({
      global: { seed_env_var: 'TEST_SEED' },
      tables: {
        'app.Accounts': {
          anonymization: [{ column: 'Email', strategy: 'email' }],
          sample_rate: 0.25,
        },
        'app.employees': { filter: 'id <= 50' },
      },
      exclude_tables: ['public.audit_trail'],
    });
    const report = await runSync(options({ profile }));
    expect(report.verification?.passed).toBe(true);
    expect((await rowsOf(target, 'SELECT count(*)::int AS n FROM public.audit_trail'))[0].n).toBe(
      0,
    );
    const accounts = (await rowsOf(target, 'SELECT count(*)::int AS n FROM app."Accounts"'))[0].n;
    expect(accounts).toBeGreaterThan(3000 * 0.15);
    expect(accounts).toBeLessThan(3000 * 0.35);
    expect((await rowsOf(target, 'SELECT max(id) AS m FROM app.employees'))[0].m).toBe(50);
    // No dangling references anywhere (the foreign keys were created and validated).
    expect(
      (
        await rowsOf(
          target,
          `SELECT count(*)::int AS n FROM app.invoices i LEFT JOIN app."Accounts" a ON a.id = i.account_id WHERE a.id IS NULL`,
        )
      )[0].n,
    ).toBe(0);
    const invoices = report.tables.find((t) => t.table === 'app.invoices')!;
    expect(invoices.orphansDropped).toBeGreaterThan(0);
    expect(invoices.rows).toBe(invoices.copiedRows - invoices.orphansDropped);
    // The same sample is drawn again on a second run (deterministic by key).
    const ids = await rowsOf(target, 'SELECT id FROM app."Accounts" ORDER BY id');
    await runSync(options({ profile, confirmOverwrite: async () => true }));
    expect(await rowsOf(target, 'SELECT id FROM app."Accounts" ORDER BY id')).toEqual(ids);
  });

  it('copies rows only for --tables, creating the other tables empty', async () => {
    const report = await runSync(options({ onlyTables: ['app.employees', 'app.events'] }));
    expect(report.verification?.passed).toBe(true);
    expect((await rowsOf(target, 'SELECT count(*)::int AS n FROM app.employees'))[0].n).toBe(200);
    expect((await rowsOf(target, 'SELECT count(*)::int AS n FROM app."Accounts"'))[0].n).toBe(0);
    // Events referenced accounts that were not copied: they went as orphans, counted in the report.
    expect((await rowsOf(target, 'SELECT count(*)::int AS n FROM app.events'))[0].n).toBe(0);
    const events = report.tables.filter((t) => t.table.startsWith('app.events_'));
    expect(events.reduce((n, t) => n + t.orphansDropped, 0)).toBe(5000);
    expect(report.tables.find((t) => t.table === 'app."Accounts"')).toMatchObject({
      excluded: true,
      excludedBy: 'tables-flag',
    });
  });

  it('reports the rows it wrote when verification is skipped', async () => {
    const report = await runSync(
      options({ onlyTables: ['app.employees', 'app.events'], verify: false }),
    );
    expect(report.verification).toBeUndefined();
    expect(report.warnings).toContain(
      'verification skipped (--no-verify or verify_after_sync: false)',
    );
    for (const table of report.tables) {
      const [{ n }] = await rowsOf(target, `SELECT count(*)::int AS n FROM ONLY ${table.table}`);
      expect({ table: table.table, rows: table.rows }).toEqual({ table: table.table, rows: n });
    }
    expect(report.tables.find((t) => t.table === 'app.employees')?.rows).toBe(200);
    // The COPY bytes read: at least a few bytes per row copied.
    expect(report.totals.bytesRead).toBeGreaterThan(4 * report.totals.rows);
  });

  it('loads a table copied in one chunk frozen, without touching the rows of its inheritance children', async () => {
    await source.query(`
      CREATE TABLE app.legacy_parent (id int PRIMARY KEY, note text);
      CREATE TABLE app.legacy_child (extra text) INHERITS (app.legacy_parent);
      INSERT INTO app.legacy_parent SELECT g, 'p' FROM generate_series(1, 50) g;
      INSERT INTO app.legacy_child SELECT g, 'c', 'x' FROM generate_series(51, 130) g;`);
    const report = await runSync(options({ workers: 1 }));
    expect(report.verification?.passed).toBe(true);
    expect(
      await rowsOf(
        target,
        `SELECT (SELECT count(*)::int FROM ONLY app.legacy_parent) AS parent,
                (SELECT count(*)::int FROM app.legacy_child) AS child`,
      ),
    ).toEqual([{ parent: 50, child: 80 }]);
    // ANALYZE counts the pages the visibility map marks all-visible: a plain COPY marks none, COPY
    // FREEZE every page it fills (PostgreSQL 16+ also extends the file by empty pages, unmarked).
    // Which tables fit in one chunk depends on the server's row estimates; removing orphans
    // afterwards clears the bits of the pages it deletes from.
    const single = report.tables
      .filter((t) => t.chunks === 1 && t.rows > 0 && t.orphansDropped === 0)
      .map((t) => t.table);
    expect(single).toEqual(expect.arrayContaining(['app.legacy_child', 'app.legacy_parent']));
    await target.query(`ANALYZE ${single.join(', ')}`);
    const { rows } = await target.query(
      `SELECT format('%I.%I', n.nspname, c.relname) AS "table",
              c.relallvisible > 0 AS frozen
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.oid = ANY ($1::regclass[])`,
      [single],
    );
    expect(Object.fromEntries(rows.map((r) => [r.table, r.frozen]))).toEqual(
      Object.fromEntries(single.map((table) => [table, true])),
    );
  });

  it('resumes after a failure mid-table with every row exactly once', async () => {
    let batches = 0;
    const failing = options({
      chunkRows: 300,
      workers: 2,
      onEvent: (event) => {
        if (event.type === 'rows-copied' && ++batches === 6) throw new Error('simulated crash');
      },
    });
    const error = (await runSync(failing).catch((e: unknown) => e)) as ConfitureError;
    expect(error.message).toMatch(/simulated crash/);
    expect(error.hint).toMatch(/--resume/);
    const [run] = await rowsOf(target, `SELECT status, phase FROM confiture.sync_runs`);
    expect(run).toEqual({ status: 'failed', phase: 'data' });
    // What the daemon and compliance read of it.
    expect(await readLatestRun(target)).toMatchObject({
      status: 'failed',
      phase: 'data',
      sourceLabel: resolveConnection(sourceDb.url).label,
      error: expect.stringMatching(/simulated crash/),
    });
    const done = (await rowsOf(target, 'SELECT count(*)::int AS n FROM confiture.sync_chunks'))[0]
      .n;
    expect(done).toBeGreaterThan(0);

    const report = await runSync(options({ chunkRows: 300, resume: true }));
    expect(report.resumed).toBe(true);
    expect(report.verification?.passed).toBe(true);
    for (const table of [
      'app."Accounts"',
      'app.account_roles',
      'app.events',
      'app.invoices',
      'public.audit_trail',
    ]) {
      const [t] = await rowsOf(target, `SELECT count(*)::int AS n FROM ${table}`);
      expect(t).toEqual((await rowsOf(source, `SELECT count(*)::int AS n FROM ${table}`))[0]);
    }
    // The primary keys were created after the load: a duplicate would have made them fail.
    expect(
      (await rowsOf(target, `SELECT count(DISTINCT id)::int AS n FROM app."Accounts"`))[0].n,
    ).toBe(3000);
    expect(await rowsOf(target, `SELECT status, phase FROM confiture.sync_runs`)).toEqual([
      { status: 'completed', phase: 'done' },
    ]);
  });

  it('resumes a run that failed while creating the schema: the schema is created again', async () => {
    // The target refuses app's tables for now: an event trigger whose function lives in
    // Confiture's own schema, which the sync keeps. The schema transaction fails after the run
    // was recorded.
    await target.query(`
      CREATE SCHEMA confiture;
      CREATE FUNCTION confiture.refuse_app() RETURNS event_trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands()
                    WHERE schema_name = 'app' AND command_tag = 'CREATE TABLE') THEN
          RAISE EXCEPTION 'no app tables yet';
        END IF;
      END $$;
      CREATE EVENT TRIGGER refuse_app ON ddl_command_end EXECUTE FUNCTION confiture.refuse_app();`);
    const error = (await runSync(options()).catch((e: unknown) => e)) as ConfitureError;
    expect(error.message).toMatch(/no app tables yet/);
    expect(error.hint).toMatch(/--resume/);
    expect(await rowsOf(target, `SELECT status, phase FROM confiture.sync_runs`)).toEqual([
      { status: 'failed', phase: 'schema' },
    ]);

    await target.query('DROP EVENT TRIGGER refuse_app');
    const report = await runSync(options({ resume: true }));
    expect(report).toMatchObject({ resumed: true, verification: { passed: true } });
    expect(await rowsOf(target, `SELECT count(*)::int AS n FROM app."Accounts"`)).toEqual(
      await rowsOf(source, `SELECT count(*)::int AS n FROM app."Accounts"`),
    );
    expect(await rowsOf(target, `SELECT status, phase FROM confiture.sync_runs`)).toEqual([
      { status: 'completed', phase: 'done' },
    ]);
  });

  it('reports a leak when a rule keeps original values, and exits with a verification error', async () => {
    const profile = profileOf({
      global: { seed_env_var: 'TEST_SEED', fail_on_pii_leak: true },
      tables: {
        // a replacement that happens to be one of the real values
        'public.audit_trail': [
          { column: 'actor', strategy: 'redact', replacement: 'user7@example.com' },
        ],
      },
    });
    const error = (await runSync(options({ profile })).catch((e: unknown) => e)) as ConfitureError;
    expect(error.code).toBe('VERIFICATION_FAILED');
    expect(error.details[0]!.location).toMatchObject({
      table: 'public.audit_trail',
      column: 'actor',
    });
    expect(error.details[0]!.message).toBe(
      '1 distinct source value(s) of public.audit_trail.actor (redact) appear in the target',
    );
    expect(JSON.stringify(error.toJSON())).not.toMatch(/user7/);
  });
});
