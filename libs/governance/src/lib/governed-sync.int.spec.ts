import {
  isConfitureError,
  resolveConnection,
  resolveProfile,
  type ConfitureError,
  type Profile,
} from '@confiture/domain';
import { createTestDatabase, type TestDatabase } from '@confiture/pg-harness';
import { strategyCatalog } from '@confiture/strategies';
import pg from 'pg';
import { readLastAudit } from './audit-store';
import { runGovernedSync, type GovernedSyncOptions } from './governed-sync';
import type { PipelineContext } from './pipeline';

const SOURCE = `
  CREATE TABLE customers (
    id int PRIMARY KEY, full_name text, email text, phone text, notes text, extra jsonb, aliases text[],
    misc text, last_ip inet, status text NOT NULL, amount numeric(10, 2), created_at timestamptz DEFAULT now());
  CREATE TABLE orders (
    id int PRIMARY KEY, customer_id int REFERENCES customers, product_name text, amount numeric(10, 2),
    status text);
  INSERT INTO customers (id, full_name, email, phone, notes, extra, aliases, misc, last_ip, status, amount)
  SELECT g, (ARRAY['Marie Curie', 'Jean Dupont', 'Anna Schmidt'])[1 + g % 3], 'person' || g || '@gmail.com',
         '+1 415-555-' || lpad((1000 + g)::text, 4, '0'),
         CASE WHEN g % 3 = 0 THEN 'Call +1 415-555-0199 before noon' ELSE 'Leave at the door' END,
         jsonb_build_object('plan', 'pro', 'shipping', jsonb_build_object('reach', '+1 212-555-' || lpad((2000 + g)::text, 4, '0'))),
         ARRAY['alias' || g || '@corp.com'],
         CASE WHEN g % 2 = 0 THEN '123-45-' || lpad((6000 + g)::text, 4, '0') ELSE 'n/a' END,
         ('81.2.69.' || g)::inet, 'active', g * 10
    FROM generate_series(1, 30) g;
  INSERT INTO orders SELECT g, 1 + g % 30, (ARRAY['Oak Desk', 'Desk Lamp'])[1 + g % 2], g * 3, 'paid'
    FROM generate_series(1, 60) g;`;

const FULL_RULES = [
  { column: 'full_name', strategy: 'name' },
  { column: 'email', strategy: 'email' },
  { column: 'phone', strategy: 'phone' },
  { column: 'notes', strategy: 'text_scrub' },
  { column: 'extra', strategy: 'json', rules: [{ path: '$.shipping.reach', strategy: 'phone' }] },
  { column: 'aliases', strategy: 'email' },
  { column: 'misc', strategy: 'redact', replacement: '[REDACTED]' },
  { column: 'last_ip', strategy: 'redact', replacement: '0.0.0.0' },
];

function profileOf(rules: object[], global: object = {}, governance?: object): Profile {
  return resolveProfile(
    {
      global: { seed_env_var: 'TEST_SEED', ...global },
      tables: { customers: rules },
      ...(governance ? { governance } : {}),
    },
    { catalog: strategyCatalog, name: 'test-profile' },
  );
}

describe('runGovernedSync', () => {
  let sourceDb: TestDatabase;
  let targetDb: TestDatabase;
  let target: pg.Client;

  beforeEach(async () => {
    sourceDb = await createTestDatabase({ prefix: 'confiture_src' });
    targetDb = await createTestDatabase({ prefix: 'confiture_dst' });
    const source = new pg.Client({ connectionString: sourceDb.url });
    await source.connect();
    await source.query(SOURCE);
    await source.end();
    target = new pg.Client({ connectionString: targetDb.url });
    await target.connect();
  });
  afterEach(async () => {
    await target.end();
    await Promise.all([sourceDb.drop(), targetDb.drop()]);
  });

  const options = (
    profile: Profile,
    extra: Partial<GovernedSyncOptions> = {},
  ): GovernedSyncOptions => ({
    source: resolveConnection(sourceDb.url),
    target: resolveConnection(targetDb.url),
    profile,
    env: { TEST_SEED: 'a-test-seed-of-some-length' },
    workers: 2,
    transformThreads: 0,
    ...extra,
  });
  const targetTables = async () =>
    Number(
      (
        await target.query<{ n: string }>(
          `SELECT count(*)::text AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
        )
      ).rows[0]!.n,
    );
  const failure = async (promise: Promise<unknown>): Promise<ConfitureError> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isConfitureError(error))
      throw new Error(`expected a ConfitureError, got ${String(error)}`);
    return error;
  };

  it('refuses a profile that misses PII columns, names every one, and writes nothing', async () => {
    const rules = FULL_RULES.filter((r) => !['notes', 'misc', 'last_ip'].includes(r.column));
    const error = await failure(runGovernedSync(options(profileOf(rules))));
    expect(error.code).toBe('PII_UNMAPPED');
    expect(error.message).toBe(
      '3 PII columns have no anonymization rule in profile "profile"; nothing was written: public.customers.notes, public.customers.misc, public.customers.last_ip',
    );
    expect(error.details.map((d) => d.where)).toEqual([
      'public.customers.notes',
      'public.customers.misc',
      'public.customers.last_ip',
    ]);
    expect(await targetTables()).toBe(0);
  });

  it('refuses a json rule that does not reach the path where PII was found', async () => {
    const rules = FULL_RULES.map((r) =>
      r.column === 'extra'
        ? { column: 'extra', strategy: 'json', rules: [{ path: '$.plan', strategy: 'redact' }] }
        : r,
    );
    const error = await failure(runGovernedSync(options(profileOf(rules))));
    expect(error.code).toBe('PII_UNMAPPED');
    expect(error.details[0]!.location).toMatchObject({
      table: 'public.customers',
      column: 'extra',
    });
    expect(error.details[0]!.message).toMatch(
      /^\(JSON containing PII: phone number, .*\): the json rule does not reach \$\.shipping\.reach/,
    );
  });

  it('under on_unmapped_pii: warn, copies, warns, and the leak scan finds what was left', async () => {
    const rules = FULL_RULES.filter((r) => r.column !== 'misc');
    const { report, governance } = await runGovernedSync(
      options(profileOf(rules, { on_unmapped_pii: 'warn', fail_on_pii_leak: false })),
    );
    expect(report.status).toBe('completed');
    expect(report.warnings).toContainEqual(
      expect.stringMatching(/^unmapped PII column public\.customers\.misc \(national id/),
    );
    expect(governance.unmapped).toEqual([expect.stringMatching(/^public\.customers\.misc /)]);
    const scan = report.verification!.checks.filter((c) => c.name === 'pii-pattern-scan');
    expect(scan[0]).toMatchObject({
      status: 'failed',
      table: 'public.customers',
      column: 'misc',
      count: 15,
    });
    expect(scan[0]!.detail).toMatch(
      /^15 row\(s\) of public\.customers\.misc still hold national_id \(15\); e\.g\. rows id=2, id=4, id=6, id=8, id=10$/,
    );
    expect(governance.leaks).toBe(1);
  });

  it('fails a run whose leak scan finds an unmapped PII column: marked failed, the leaking rows removed', async () => {
    const rules = FULL_RULES.filter((r) => r.column !== 'misc');
    const profile = profileOf(rules, { on_unmapped_pii: 'warn', fail_on_pii_leak: true });
    const error = await failure(runGovernedSync(options(profile)));
    expect(error.code).toBe('VERIFICATION_FAILED');
    expect(error.details.map((d) => d.location)).toContainEqual({
      table: 'public.customers',
      column: 'misc',
    });
    expect(error.hint).toContain('(public.customers, public.orders emptied)');
    const runs = await target.query(`SELECT status, phase FROM confiture.sync_runs`);
    expect(runs.rows).toEqual([{ status: 'failed', phase: 'verify' }]);
    const left = await target.query(
      `SELECT (SELECT count(*)::int FROM customers) AS customers, (SELECT count(*)::int FROM orders) AS orders`,
    );
    expect(left.rows[0]).toEqual({ customers: 0, orders: 0 });
  });

  it('passes with a complete profile: no leak, validators and hooks from the profile run in their phases', async () => {
    const trace: string[] = [];
    const profile = profileOf(
      FULL_RULES,
      {},
      {
        validators: [
          { type: 'completeness', table: 'customers', columns: ['id', 'status'] },
          {
            type: 'range',
            table: 'orders',
            column: 'amount',
            min: 0,
            max: 1000,
            phase: 'post_anonymization',
          },
          { type: 'type', table: 'customers', columns: { email: 'text', amount: 'numeric(10,2)' } },
        ],
        hooks: { before_anonymization: ['announce'], cleanup: ['tidy'] },
      },
    );
    const { report, governance } = await runGovernedSync(
      options(profile, {
        registry: {
          hooks: {
            announce: (c) =>
              void trace.push(`announce ${c.phase} with source: ${c.source !== undefined}`),
            tidy: (c) => void trace.push(`tidy after ${c.failure ? 'failure' : 'success'}`),
          },
        },
      }),
    );
    expect(report.verification!.passed).toBe(true);
    expect(
      report.verification!.checks.filter(
        (c) => c.name.startsWith('governance') || c.name === 'pii-pattern-scan',
      ),
    ).toEqual([
      expect.objectContaining({ name: 'pii-pattern-scan', status: 'passed' }),
      expect.objectContaining({
        name: 'governance:validator',
        status: 'passed',
        detail:
          'range(public.orders.amount in [0, 1000]): every public.orders.amount is within [0, 1000]',
      }),
    ]);
    expect(trace).toEqual([
      'announce BEFORE_ANONYMIZATION with source: true',
      'tidy after success',
    ]);
    expect(governance.pipeline.status).toBe('completed');
    expect(
      governance.pipeline.phases.map((p) => [p.phase, p.status, p.steps.map((s) => s.status)]),
    ).toEqual([
      ['PRE_VALIDATION', 'completed', ['passed', 'passed']],
      ['BEFORE_ANONYMIZATION', 'completed', ['passed']],
      ['ANONYMIZATION', 'completed', []],
      ['POST_ANONYMIZATION', 'completed', ['passed']],
      ['CLEANUP', 'completed', ['passed']],
    ]);
    expect(governance.piiColumns.map((c) => c.coverage)).toEqual(
      expect.arrayContaining(['rule: email', 'rule: text_scrub', 'rule: json']),
    );
  });

  it("keeps the pre-flight's detection of the source in the target, names and categories only", async () => {
    await runGovernedSync(options(profileOf(FULL_RULES)));
    const last = await readLastAudit(target);
    const pii = (last?.columns ?? []).filter((c) => c.pii);
    expect(pii).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'public.customers', column: 'email', kind: 'email' }),
        expect.objectContaining({ table: 'public.customers', column: 'phone', kind: 'phone' }),
      ]),
    );
    expect(last?.columns).toEqual(
      expect.arrayContaining([expect.objectContaining({ column: 'status', pii: false })]),
    );
    const stored = await target.query<{ database: string; row: string }>(
      'SELECT database, row_to_json(a)::text AS row FROM confiture.pii_audits a',
    );
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]!.database).toBe(sourceDb.name);
    // No value of the source: only names, types and categories.
    expect(stored.rows[0]!.row).not.toMatch(/@gmail\.com|415-555|Marie Curie/);
  });

  it('stores no detection under on_unmapped_pii: ignore', async () => {
    await runGovernedSync(options(profileOf(FULL_RULES, { on_unmapped_pii: 'ignore' })));
    expect(await readLastAudit(target)).toBeUndefined();
  });

  it('lets a validator stop the sync before anything is written, and still cleans up', async () => {
    const trace: string[] = [];
    const profile = profileOf(
      FULL_RULES,
      {},
      {
        validators: [{ type: 'range', table: 'customers', column: 'amount', max: 100 }],
        hooks: { cleanup: ['tidy'] },
      },
    );
    const error = await failure(
      runGovernedSync(
        options(profile, {
          registry: { hooks: { tidy: (c) => void trace.push(`tidy: ${c.failure?.message}`) } },
        }),
      ),
    );
    expect(error.message).toBe(
      'PRE_VALIDATION: range(public.customers.amount in [-∞, 100]) stopped the run: 20 value(s) of public.customers.amount in the source are outside [-∞, 100]',
    );
    expect(trace).toEqual([
      'tidy: 20 value(s) of public.customers.amount in the source are outside [-∞, 100]',
    ]);
    expect(await targetTables()).toBe(0);
  });

  it('runs ANONYMIZATION hooks once the data is in; a stop there fails the run, left to resume', async () => {
    const trace: string[] = [];
    let refuse = true;
    const profile = profileOf(FULL_RULES, {}, { hooks: { anonymization: ['check_loaded'] } });
    const registry = {
      hooks: {
        check_loaded: async (c: PipelineContext) => {
          const { rows } = await c.target!.query('SELECT count(*)::int AS n FROM customers');
          trace.push(`${c.phase}: ${rows[0].n} customers in the target`);
          if (refuse) c.stop('not today');
        },
      },
    };
    const error = await failure(runGovernedSync(options(profile, { registry })));
    expect(error.message).toBe('ANONYMIZATION: check_loaded stopped the run: not today');
    expect(error.hint).toMatch(/incomplete; run again with --resume/);
    expect((await target.query('SELECT status, phase FROM confiture.sync_runs')).rows).toEqual([
      { status: 'failed', phase: 'data' },
    ]);

    refuse = false;
    const { report, governance } = await runGovernedSync(
      options(profile, { registry, resume: true }),
    );
    expect(report.verification!.passed).toBe(true);
    expect(trace).toEqual([
      'ANONYMIZATION: 30 customers in the target',
      'ANONYMIZATION: 30 customers in the target',
    ]);
    expect(governance.pipeline.phases.map((p) => [p.phase, p.status])).toEqual([
      ['PRE_VALIDATION', 'completed'],
      ['BEFORE_ANONYMIZATION', 'completed'],
      ['ANONYMIZATION', 'completed'],
      ['POST_ANONYMIZATION', 'completed'],
      ['CLEANUP', 'completed'],
    ]);
  });

  it('in a dry run, runs the gate and marks the phases that write skipped', async () => {
    const { report, governance } = await runGovernedSync(
      options(profileOf(FULL_RULES), { dryRun: true }),
    );
    expect(report.status).toBe('dry-run');
    expect(governance.piiColumns.length).toBeGreaterThan(0);
    expect(governance.pipeline.phases.map((p) => [p.phase, p.status, p.reason])).toEqual([
      ['PRE_VALIDATION', 'completed', undefined],
      ['BEFORE_ANONYMIZATION', 'completed', undefined],
      ['ANONYMIZATION', 'skipped', 'dry run: nothing was written'],
      ['POST_ANONYMIZATION', 'skipped', 'dry run: nothing was written'],
      ['CLEANUP', 'completed', undefined],
    ]);
    expect(await targetTables()).toBe(0);
  });

  it('names hooks the profile asks for that no code registered', async () => {
    const profile = profileOf(FULL_RULES, {}, { hooks: { post_anonymization: ['notify_dpo'] } });
    const error = await failure(runGovernedSync(options(profile)));
    expect(error.toJSON()).toMatchObject({
      code: 'PROFILE_INVALID',
      message: 'no hook named "notify_dpo" is registered',
      path: 'governance.hooks.post_anonymization[0]',
    });
  });

  describe('--allow-pii (the source declared free of PII)', () => {
    // No rule at all, as `confiture sync --allow-pii` without a profile: every value goes as is.
    const declared = (global: object = {}) =>
      options(profileOf([], { on_unmapped_pii: 'warn', ...global }), {
        governance: { allowPii: true },
      });

    it('reports what the pattern scan finds as warnings, without values, and succeeds', async () => {
      const { report, governance } = await runGovernedSync(declared());
      expect(report.status).toBe('completed');
      expect(report.verification?.passed).toBe(true);
      const scan = report.verification!.checks.filter((c) => c.name === 'pii-pattern-scan');
      expect(scan.length).toBeGreaterThan(1);
      expect(scan.every((c) => c.status === 'warning')).toBe(true);
      expect(scan).toContainEqual(
        expect.objectContaining({ table: 'public.customers', column: 'email', count: 30 }),
      );
      const warnings = report.warnings.filter((w) => w.startsWith('PII pattern scan'));
      expect(warnings).toContainEqual(
        'PII pattern scan (a warning: --allow-pii declares the source free of PII): 30 row(s) of public.customers.email still hold email (30); e.g. rows id=1, id=2, id=3, id=4, id=5',
      );
      expect(warnings).toHaveLength(governance.leaks);
      expect(JSON.stringify(report)).not.toMatch(/@gmail\.com|415-555|123-45-/);
    });

    it('still fails (exit 4) when the profile sets fail_on_pii_leak itself', async () => {
      const error = await failure(runGovernedSync(declared({ fail_on_pii_leak: true })));
      expect(error.code).toBe('VERIFICATION_FAILED');
      expect(error.details).toContainEqual(
        expect.objectContaining({ location: { table: 'public.customers', column: 'email' } }),
      );
    });

    it('without it, a leak fails the verification as before', async () => {
      const error = await failure(
        runGovernedSync(options(profileOf([], { on_unmapped_pii: 'warn' }))),
      );
      expect(error.code).toBe('VERIFICATION_FAILED');
    });
  });
});
