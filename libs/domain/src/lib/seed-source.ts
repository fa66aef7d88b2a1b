import { ConfitureError } from './confiture-error';
import { Secret } from './secret';
import { MIN_SEED_BITS, MIN_SEED_DISTINCT_CHARACTERS, seedStrength } from './seed-strength';

/** Where a seed comes from: a literal in the profile (tests only) or an environment variable. */
export type SeedSource =
  | { kind: 'literal'; value: string; declaredAt: string }
  | { kind: 'env'; variable: string; declaredAt: string };

/** The seed source that applies to a rule: its own (or its named strategy's), else the global one. */
export function effectiveSeedSource(
  rule: { seed?: SeedSource },
  global: { seed?: SeedSource },
): SeedSource | undefined {
  return rule.seed ?? global.seed;
}

/** What {@link profileSeedSources} walks: a profile's global seed and its rules, nested ones too. */
export interface SeedSourcesOf {
  global: { seed?: SeedSource };
  tables: readonly { rules: readonly SeededRule[] }[];
}

interface SeededRule {
  seed?: SeedSource;
  options: Record<string, unknown>;
}

/**
 * Every seed source a profile declares: the global one, each rule's (or its named strategy's) and
 * those of rules nested in `json` rules, in profile order.
 */
export function profileSeedSources(profile: SeedSourcesOf): SeedSource[] {
  const sources: SeedSource[] = [];
  const visit = (rule: SeededRule) => {
    if (rule.seed) sources.push(rule.seed);
    const nested = rule.options['rules'];
    if (Array.isArray(nested)) (nested as SeededRule[]).forEach(visit);
  };
  if (profile.global.seed) sources.push(profile.global.seed);
  for (const table of profile.tables) table.rules.forEach(visit);
  return sources;
}

/**
 * Reads the key material a seed source names. A missing source or an unset variable is an error:
 * deterministic strategies never fall back to a default seed. A seed from the environment must
 * carry at least {@link MIN_SEED_BITS} bits (see `seedStrength`); a literal seed in the profile is
 * for tests, known to whoever reads the file, and is taken as written.
 */
export function readSeed(
  source: SeedSource | undefined,
  env: Readonly<Record<string, string | undefined>>,
  where: { file?: string; path?: string } = {},
): Secret {
  if (!source) {
    throw new ConfitureError('SEED_MISSING', 'no seed for a deterministic strategy', {
      ...where,
      hint: 'Set global.seed_env_var: CONFITURE_SEED in the profile and export CONFITURE_SEED=$(openssl rand -hex 32).',
    });
  }
  if (source.kind === 'literal') return new Secret(source.value);
  const value = env[source.variable];
  if (value === undefined || value === '') {
    throw new ConfitureError(
      'ENV_VAR_MISSING',
      `environment variable ${source.variable} is not set`,
      {
        file: where.file,
        path: source.declaredAt,
        hint: `Export ${source.variable} with the seed's key material (e.g. \`export ${source.variable}=$(openssl rand -hex 32)\`).`,
      },
    );
  }
  const strength = seedStrength(value);
  if (!strength.strong) {
    // Say how weak, never what it is.
    throw new ConfitureError(
      'ENVIRONMENT_INVALID',
      `environment variable ${source.variable} is too weak to be a seed: ${[...value].length} ${strength.alphabet} characters (${strength.distinct} distinct) carry at most ${strength.bits} bits; a seed needs ${MIN_SEED_BITS} bits and ${MIN_SEED_DISTINCT_CHARACTERS} distinct characters`,
      {
        file: where.file,
        path: source.declaredAt,
        hint: `Generate one with \`export ${source.variable}=$(openssl rand -hex 32)\` (at least 32 hex or 22 base64 characters).`,
      },
    );
  }
  return new Secret(value);
}
