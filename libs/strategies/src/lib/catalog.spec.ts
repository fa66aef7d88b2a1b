import { join } from 'node:path';
import { loadProfile, parseProfile, ConfitureError } from '@confiture/domain';
import { strategyCatalog } from './catalog';

const examples = join(__dirname, '../../../../examples');

describe('strategyCatalog', () => {
  it('loads seed 004 anonymization_config.yaml as written, with defaults applied', () => {
    const profile = loadProfile(join(examples, 'seed-004-anonymization_config.yaml'), {
      catalog: strategyCatalog,
    });
    const [users, orders] = profile.tables;
    expect(users!.rules.map((r) => [r.column, r.type])).toEqual([
      ['email', 'email'],
      ['phone', 'phone'],
      ['ssn', 'redact'],
      ['first_name', 'name'],
      ['last_name', 'name'],
    ]);
    expect(users!.rules[0]!.options).toEqual({ domain: 'anon.local', preserve_domain: false });
    expect(users!.rules[1]!.options).toEqual({
      format: 'national',
      mode: 'replace',
      redact_digits: 7,
    });
    expect(users!.rules[2]!.options).toEqual({
      replacement: '***-**-****',
      preserve_format: false,
    });
    expect(orders!.rules[0]!.options).toEqual({
      preserve_fields: ['city', 'state', 'zip'],
      replacement: '[REDACTED]',
    });
  });

  it('loads the seed 002 profile', () => {
    const profile = loadProfile(join(examples, 'seed-002-profile.yaml'), {
      catalog: strategyCatalog,
    });
    expect(profile.tables.flatMap((t) => t.rules.map((r) => r.type))).toEqual([
      'email',
      'phone',
      'email',
      'email',
    ]);
  });

  it('resolves json nested rules and reports a bad nested option with its YAML path', () => {
    const profile = parseProfile(
      'tables:\n  t:\n    - column: doc\n      strategy: json\n      rules:\n        - { path: $.email, strategy: email }\n',
      'p.yaml',
      { catalog: strategyCatalog },
    );
    expect(profile.tables[0]!.rules[0]!.options['rules']).toEqual([
      expect.objectContaining({
        column: '$.email',
        type: 'email',
        options: { domain: 'anon.local', preserve_domain: false },
      }),
    ]);
    try {
      parseProfile(
        'tables:\n  t:\n    - column: doc\n      strategy: json\n      rules:\n        - { path: $.email, strategy: email, domian: x }\n',
        'p.yaml',
        { catalog: strategyCatalog },
      );
      throw new Error('expected an error');
    } catch (error) {
      expect((error as ConfitureError).describe()).toContain(
        'tables.t[0].rules[0]: email strategy: unknown option "domian"; allowed: domain, preserve_domain',
      );
    }
  });
});
