import type { Profile } from './load-profile';
import { literalSeedWarnings, looksLikeProduction } from './seed-safety';

const conn = (name: string, host: string, database: string) => ({
  name,
  host,
  database,
  label: `${name} (${host}/${database})`,
});

describe('looksLikeProduction', () => {
  it.each([
    [conn('production', 'db1.internal', 'app'), true],
    [conn('url', 'prod-db.example.com', 'app'), true],
    [conn('url', 'db.example.com', 'app_prd'), true],
    [conn('url', 'db.example.com', 'app'), true],
    [conn('staging', 'db.example.com', 'app'), false],
    [conn('url', 'localhost', 'app'), false],
    [conn('url', '127.0.0.1', 'confiture_test_1'), false],
    [conn('dev', 'db-dev.example.com', 'app'), false],
  ])('%o → %p', (source, expected) => {
    expect(looksLikeProduction(source)).toBe(expected);
  });

  it('is not fooled by words that merely contain "prod"', () => {
    expect(looksLikeProduction(conn('url', 'localhost', 'products'))).toBe(false);
  });
});

describe('literalSeedWarnings', () => {
  const profile = {
    global: { seed: { kind: 'literal', value: '12345', declaredAt: 'global.seed' } },
    tables: [
      {
        rules: [
          {
            seed: {
              kind: 'env',
              variable: 'CONFITURE_SEED',
              declaredAt: 'tables.users.anonymization[0].seed_env_var',
            },
            options: {},
          },
          {
            seed: {
              kind: 'literal',
              value: '99',
              declaredAt: 'tables.users.anonymization[1].seed',
            },
            options: {},
          },
        ],
      },
    ],
  } as unknown as Profile;

  it('names every literal seed when the source looks like production, never the seed', () => {
    const warnings = literalSeedWarnings(profile, conn('production', 'db1', 'app'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /^global\.seed writes a seed into the profile, and the source production/,
    );
    expect(warnings[1]).toMatch(/^tables\.users\.anonymization\[1\]\.seed/);
    expect(warnings.join(' ')).not.toMatch(/12345|\b99\b/);
  });

  it('stays quiet for a local source', () => {
    expect(literalSeedWarnings(profile, conn('url', 'localhost', 'app'))).toEqual([]);
  });
});
