import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testCatalog } from '../test-support/test-catalog';
import { ConfitureError } from './confiture-error';
import { loadProfile, parseProfile, resolveProfile } from './load-profile';

const examples = join(__dirname, '../../../../examples');
const options = { catalog: testCatalog };

function errorOf(fn: () => unknown): ConfitureError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfitureError) return error;
    throw error;
  }
  throw new Error('expected a ConfitureError');
}

/** Every message of an error and its details, with their locations. */
function messages(error: ConfitureError): string[] {
  const all = error.details.length > 0 ? error.details : [error];
  return all.map((e) => e.describe());
}

describe('loadProfile', () => {
  it('loads seed 004 anonymization_config.yaml as written', () => {
    const profile = loadProfile(join(examples, 'seed-004-anonymization_config.yaml'), options);
    expect(profile.name).toBe('seed-004-anonymization_config');
    expect(profile.global).toMatchObject({
      verifyAfterSync: true,
      failOnPiiLeak: true,
      onUnmappedPii: 'fail',
    });
    expect(profile.global.seed).toEqual({
      kind: 'literal',
      value: '12345',
      declaredAt: 'global.seed',
    });
    expect(profile.tables.map((t) => t.key)).toEqual([
      'users',
      'orders',
      'products',
      'order_items',
    ]);
    const users = profile.tables[0]!;
    expect(users.table).toEqual({ schema: 'public', name: 'users' });
    expect(users.rules.map((r) => [r.column, r.type])).toEqual([
      ['email', 'email'],
      ['phone', 'phone'],
      ['ssn', 'redact'],
      ['first_name', 'name'],
      ['last_name', 'name'],
    ]);
    expect(users.rules[0]!.options).toEqual({ domain: 'anon.local' });
    expect(users.rules[2]!.options).toEqual({ replacement: '***-**-****' });
    expect(users.filter).toBe("created_at > NOW() - INTERVAL '1 year'");
    expect(users.sampleRate).toBe(0.1);
    // sample_rate: 1.0 means "all rows", not sampling.
    expect(profile.tables[1]!.sampleRate).toBeUndefined();
    expect(profile.tables[2]!.rules).toEqual([]);
    expect(profile.excludeTables).toEqual([
      { schema: 'public', name: 'audit_logs' },
      { schema: 'public', name: 'session_data' },
    ]);
    expect(profile.performance).toEqual({
      parallel_workers: 4,
      batch_size: 10000,
      disable_triggers: true,
      disable_indexes: true,
    });
    expect(profile.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('loads the seed 002 shape: named strategies, rules:, global_seed and config.seed_env_var', () => {
    const profile = loadProfile(join(examples, 'seed-002-profile.yaml'), options);
    expect(profile.name).toBe('production');
    expect(profile.version).toBe('1');
    expect(profile.global.seed).toEqual({
      kind: 'literal',
      value: '12345',
      declaredAt: 'global_seed.seed',
    });
    const [users, orders] = profile.tables;
    expect(users!.rules[0]).toMatchObject({
      column: 'email',
      strategy: 'email_mask',
      type: 'email',
      seed: { kind: 'env', variable: 'ANONYMIZATION_SEED' },
    });
    // A column seed overrides the named strategy's seed source.
    expect(orders!.rules[1]!.seed).toEqual({
      kind: 'literal',
      value: '99999',
      declaredAt: 'tables.orders.rules[1].seed',
    });
  });

  it('keeps schema-qualified and mixed-case names exactly', () => {
    const profile = parseProfile(
      'tables:\n  app.Accounts:\n    - { column: Email, strategy: email }\n  \'"odd.schema"."T"\': []\n',
      'p.yaml',
      options,
    );
    expect(profile.tables[0]!.table).toEqual({ schema: 'app', name: 'Accounts' });
    expect(profile.tables[0]!.rules[0]!.column).toBe('Email');
    expect(profile.tables[1]!.table).toEqual({ schema: 'odd.schema', name: 'T' });
  });

  it('refuses an unknown strategy, naming it, the table and what is allowed', () => {
    const error = errorOf(() =>
      parseProfile(
        'tables:\n  users:\n    anonymization:\n      - column: email\n        strategy: emial\n',
        'p.yaml',
        options,
      ),
    );
    expect(error.code).toBe('PROFILE_INVALID');
    expect(error.describe()).toBe(
      'p.yaml:5:19 tables.users.anonymization[0].strategy: unknown strategy "emial"; allowed: preserve, email, phone, redact, name, address, json',
    );
  });

  it('refuses an option of the wrong type, naming the option and the value', () => {
    const error = errorOf(() =>
      parseProfile(
        'tables:\n  users:\n    - { column: phone, strategy: phone, redact_digits: "seven" }\n',
        'p.yaml',
        options,
      ),
    );
    expect(error.describe()).toBe(
      'p.yaml:3:56 tables.users[0].redact_digits: phone strategy: expected number, got "seven"',
    );
  });

  it('refuses an unknown option and lists the allowed ones', () => {
    const error = errorOf(() =>
      parseProfile(
        'tables:\n  users:\n    - { column: email, strategy: email, domian: x.test }\n',
        'p.yaml',
        options,
      ),
    );
    expect(error.describe()).toBe(
      'p.yaml:3:7 tables.users[0]: email strategy: unknown option "domian"; allowed: domain, preserve_domain',
    );
  });

  it('refuses an unknown key anywhere, listing the allowed keys', () => {
    const error = errorOf(() => parseProfile('global:\n  seeed: 1\n', 'p.yaml', options));
    expect(error.describe()).toBe(
      'p.yaml:2:3 global: unknown key "seeed"; allowed: seed, seed_env_var, verify_after_sync, fail_on_pii_leak, on_unmapped_pii, on_orphans, pii_detection',
    );
  });

  it('refuses a bad enum value and names the allowed values', () => {
    const error = errorOf(() =>
      parseProfile('global:\n  on_unmapped_pii: sometimes\n', 'p.yaml', options),
    );
    expect(error.describe()).toBe(
      'p.yaml:2:20 global.on_unmapped_pii: "sometimes" is not allowed; allowed: "fail", "warn", "ignore"',
    );
  });

  it('refuses a named strategy with an unknown type', () => {
    const error = errorOf(() =>
      parseProfile(
        'strategies:\n  s: { type: teleport }\ntables:\n  t: [{ column: c, strategy: s }]\n',
        'p.yaml',
        options,
      ),
    );
    expect(error.location.path).toBe('strategies.s.type');
    expect(error.message).toMatch(/^unknown strategy type "teleport"; allowed: preserve, email/);
  });

  it('reports structural problems before resolving rules', () => {
    const error = errorOf(() =>
      parseProfile(
        [
          'tables:',
          '  users:',
          '    - { column: a, strategy: nope }',
          '    - { column: a, strategy: email }',
          '    - { column: b, strategy: phone, format: fax }',
          'performance: { parallel_workers: 0 }',
        ].join('\n'),
        'p.yaml',
        options,
      ),
    );
    expect(messages(error)).toEqual([
      'p.yaml:6:34 performance.parallel_workers: 0: value must be >= 1',
    ]);
  });

  it('reports all rule problems once the structure is valid', () => {
    const error = errorOf(() =>
      parseProfile(
        [
          'tables:',
          '  users:',
          '    - { column: a, strategy: nope }',
          '    - { column: a, strategy: email }',
          '    - { column: b, strategy: phone, format: fax }',
        ].join('\n'),
        'p.yaml',
        options,
      ),
    );
    expect(messages(error)).toEqual([
      'p.yaml:3:30 tables.users[0].strategy: unknown strategy "nope"; allowed: preserve, email, phone, redact, name, address, json',
      'p.yaml:4:17 tables.users[1].column: column "a" already has a rule at tables.users[0]',
      'p.yaml:5:45 tables.users[2].format: phone strategy: "fax" is not allowed; allowed: "e164", "national", "international"',
    ]);
  });

  it('resolves rules nested in json options like top-level rules', () => {
    const profile = parseProfile(
      [
        'strategies:',
        '  mail: { type: email, domain: x.test }',
        'tables:',
        '  events:',
        '    - column: payload',
        '      strategy: json',
        '      rules:',
        '        - { path: $.user.email, strategy: mail }',
        '        - { path: $.user.phone, strategy: phone, format: e164 }',
      ].join('\n'),
      'p.yaml',
      options,
    );
    const rules = profile.tables[0]!.rules[0]!.options['rules'];
    expect(rules).toEqual([
      expect.objectContaining({
        column: '$.user.email',
        type: 'email',
        options: { domain: 'x.test' },
      }),
      expect.objectContaining({
        column: '$.user.phone',
        type: 'phone',
        options: { format: 'e164' },
      }),
    ]);
  });

  it('reports a bad nested json rule at its own path', () => {
    const error = errorOf(() =>
      parseProfile(
        'tables:\n  e:\n    - column: payload\n      strategy: json\n      rules:\n        - { path: $.a, strategy: email, color: red }\n',
        'p.yaml',
        options,
      ),
    );
    expect(error.describe()).toBe(
      'p.yaml:6:11 tables.e[0].rules[0]: email strategy: unknown option "color"; allowed: domain, preserve_domain',
    );
  });

  it('refuses two keys naming the same table, and exclusion of a table with rules', () => {
    const error = errorOf(() =>
      parseProfile(
        'tables:\n  users: [{column: e, strategy: email}]\n  public.users: []\nexclude_tables: [users]\n',
        'p.yaml',
        options,
      ),
    );
    expect(messages(error)).toEqual([
      'p.yaml:3:17 tables["public.users"]: tables "users" and "public.users" name the same table public.users',
      'p.yaml:4:18 exclude_tables[0]: "users" is excluded but also has anonymization rules under tables.users',
    ]);
  });

  it('asks for stratify_by with stratified sampling', () => {
    const error = errorOf(() =>
      parseProfile(
        'tables:\n  t: { sample_rate: 0.5, sampling_method: stratified }\n',
        'p.yaml',
        options,
      ),
    );
    expect(error.message).toBe('sampling_method "stratified" needs stratify_by: <column>');
  });

  it('refuses seed and seed_env_var together', () => {
    const error = errorOf(() =>
      parseProfile('global: { seed: 1, seed_env_var: S }\n', 'p.yaml', options),
    );
    expect(error.message).toBe('set either seed or seed_env_var, not both');
  });

  it('validates an in-memory document with the same rules', () => {
    const profile = resolveProfile(
      {
        global: { seed_env_var: 'CONFITURE_SEED' },
        tables: { users: [{ column: 'email', strategy: 'email' }] },
      },
      options,
    );
    expect(profile.global.seed).toEqual({
      kind: 'env',
      variable: 'CONFITURE_SEED',
      declaredAt: 'global.seed_env_var',
    });
    expect(() => resolveProfile({ tables: { users: [{ column: 'email' }] } }, options)).toThrow(
      'is required (string)',
    );
  });

  it('hashes the file bytes, so any edit changes the profile hash', () => {
    const text = readFileSync(join(examples, 'seed-004-anonymization_config.yaml'), 'utf8');
    const a = parseProfile(text, 'a.yaml', options).sha256;
    const b = parseProfile(text + '\n# comment\n', 'a.yaml', options).sha256;
    expect(a).not.toBe(b);
  });
});
