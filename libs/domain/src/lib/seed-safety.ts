import type { ConnectionConfig } from './environment';
import type { Profile } from './load-profile';
import { profileRules } from './nested-rules';

const PRODUCTION = /(^|[^a-z])(prod|production|prd|live)([^a-z]|$)/i;
const NOT_PRODUCTION =
  /(^|[^a-z])(dev|develop|development|test|testing|staging|stage|local|demo|ci|qa|sandbox)([^a-z]|\d|$)/i;
const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|::1|\/.*|.*\.local)$/i;

/**
 * Whether a source database looks like production: its environment name, database or host says
 * prod/production/live, or it is a remote host that nothing names as dev, test, staging or demo.
 */
export function looksLikeProduction(
  source: Pick<ConnectionConfig, 'name' | 'host' | 'database'>,
): boolean {
  const names = [source.name, source.database, source.host];
  if (names.some((n) => PRODUCTION.test(n))) return true;
  if (names.some((n) => NOT_PRODUCTION.test(n))) return false;
  return !LOCAL_HOST.test(source.host);
}

/**
 * Warnings for seeds written into the profile when the source looks like production: anyone who
 * reads the profile can then recompute every deterministic mapping (and reverse lookups by
 * dictionary). Seeds from `seed_env_var` are fine.
 */
export function literalSeedWarnings(
  profile: Pick<Profile, 'global' | 'tables'>,
  source: Pick<ConnectionConfig, 'name' | 'host' | 'database' | 'label'>,
): string[] {
  if (!looksLikeProduction(source)) return [];
  const places = new Set<string>();
  for (const seed of [profile.global.seed, ...profileRules(profile).map((rule) => rule.seed)]) {
    if (seed?.kind === 'literal') places.add(seed.declaredAt);
  }
  return [...places].map(
    (place) =>
      `${place} writes a seed into the profile, and the source ${source.label} looks like production: use seed_env_var (e.g. CONFITURE_SEED) so the seed stays out of files`,
  );
}
