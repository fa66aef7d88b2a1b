import { ConfitureError } from './confiture-error';
import { effectiveSeedSource, readSeed } from './seed-source';

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
    expect(readSeed(global.seed, { CONFITURE_SEED: 'abc123' }).reveal()).toBe('abc123');
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
