import { ConfitureError } from './confiture-error';
import { Secret } from './secret';

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

/**
 * Reads the key material a seed source names. A missing source or an unset variable is an error:
 * deterministic strategies never fall back to a default seed.
 */
export function readSeed(
  source: SeedSource | undefined,
  env: Readonly<Record<string, string | undefined>>,
  where: { file?: string; path?: string } = {},
): Secret {
  if (!source) {
    throw new ConfitureError('SEED_MISSING', 'no seed for a deterministic strategy', {
      ...where,
      hint: 'Set global.seed_env_var: CONFITURE_SEED in the profile and export CONFITURE_SEED (any long random string).',
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
  return new Secret(value);
}
