import { ConfitureError } from './confiture-error';
import { effectiveSeedSource, profileSeedSources, readSeed } from './seed-source';

describe('seeds', () => {
  const global = {
    seed: { kind: 'env' as const, variable: 'CONFITURE_SEED', declaredAt: 'global.seed_env_var' },
  };

  it('prefers the rule seed over the global seed', () => {
    const rule = { seed: { kind: 'literal' as const, value: '7', declaredAt: 'tables.t[0].seed' } };
    expect(effectiveSeedSource(rule, global)).toBe(rule.seed);
    expect(effectiveSeedSource({}, global)).toBe(global.seed);
  });

  it('reads an env seed as a Secret', () => {
    const seed = '3f9a1c77d2b84e06a5c1f0e9d8b7a6c5';
    expect(readSeed(global.seed, { CONFITURE_SEED: seed }).reveal()).toBe(seed);
  });

  it.each([
    [
      'nothex',
      'environment variable CONFITURE_SEED is too weak to be a seed: 6 base64 characters (6 distinct) carry at most 36 bits',
    ],
    [
      '0123456789abcdef0123456789abcde',
      'is too weak to be a seed: 31 hex characters (16 distinct) carry at most 124 bits',
    ],
    ['a'.repeat(64), '64 hex characters (1 distinct)'],
    ['abababababababababababababababababab', '(2 distinct)'],
  ])('refuses the weak env seed %p, naming the variable and never the value', (value, message) => {
    let caught: unknown;
    try {
      readSeed(global.seed, { CONFITURE_SEED: value }, { file: 'p.yaml' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfitureError);
    const error = caught as ConfitureError;
    expect(error.code).toBe('ENVIRONMENT_INVALID');
    expect(error.describe()).toContain(message);
    expect(error.describe()).toMatch(/^p\.yaml global\.seed_env_var: /);
    expect(JSON.stringify(error.toJSON())).not.toContain(value);
    expect(error.hint).toContain('openssl rand -hex 32');
  });

  it.each([
    ['32 hex characters', '0123456789abcdef0123456789abcdef'],
    ['22 base64 characters', 'q3J8vZk1Lr0xWm9TfA7yQb'],
    ['a long passphrase', 'a-test-seed-of-some-length'],
  ])('accepts an env seed of %s', (_what, value) => {
    expect(readSeed(global.seed, { CONFITURE_SEED: value }).reveal()).toBe(value);
  });

  it('takes a literal profile seed as written, however short (tests; the profile warns)', () => {
    const literal = { kind: 'literal' as const, value: '7', declaredAt: 'global.seed' };
    expect(readSeed(literal, {}).reveal()).toBe('7');
  });

  it('lists every seed source of a profile, nested json rules included', () => {
    const env = (variable: string, declaredAt: string) => ({
      kind: 'env' as const,
      variable,
      declaredAt,
    });
    const sources = profileSeedSources({
      global: { seed: env('CONFITURE_SEED', 'global.seed_env_var') },
      tables: [
        {
          rules: [
            { seed: env('EMAIL_SEED', 'tables.users[0].seed_env_var'), options: {} },
            {
              options: {
                rules: [{ seed: env('JSON_SEED', 'tables.users[1].rules[0]'), options: {} }],
              },
            },
          ],
        },
      ],
    });
    expect(sources.map((s) => (s.kind === 'env' ? s.variable : s.value))).toEqual([
      'CONFITURE_SEED',
      'EMAIL_SEED',
      'JSON_SEED',
    ]);
  });

  it('names the unset variable and where it was declared', () => {
    try {
      readSeed(global.seed, {}, { file: 'p.yaml' });
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfitureError);
      expect((error as ConfitureError).describe()).toBe(
        'p.yaml global.seed_env_var: environment variable CONFITURE_SEED is not set',
      );
    }
  });

  it('never defaults silently when no seed is configured', () => {
    expect(() => readSeed(undefined, {})).toThrow('no seed for a deterministic strategy');
  });
});
