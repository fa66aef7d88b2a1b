import type { Profile, ResolvedRule } from './load-profile';
import { rulesWithin } from './nested-rules';
import { formatQualifiedName } from './qualified-name';

/** A short, secret-free description of a profile, for `validate-profile` and reports. */
export interface ProfileSummary {
  file?: string;
  name: string;
  version?: string;
  sha256: string;
  tables: number;
  tablesWithRules: number;
  rules: number;
  /** How many rules use each strategy type (nested json rules included). */
  strategies: Record<string, number>;
  excludedTables: string[];
  /** Where seeds come from, e.g. `env CONFITURE_SEED (global.seed_env_var)`. */
  seeds: string[];
  warnings: string[];
}

/** Summarises a profile; warns about seeds written into it (fine in tests, never in production). */
export function summarizeProfile(profile: Profile): ProfileSummary {
  const strategies: Record<string, number> = {};
  const seeds = new Set<string>();
  const warnings: string[] = [];
  const describeSeed = (rule: { seed?: ResolvedRule['seed'] }) => {
    const seed = rule.seed;
    if (!seed) return;
    if (seed.kind === 'env') seeds.add(`env ${seed.variable} (${seed.declaredAt})`);
    else {
      seeds.add(`literal (${seed.declaredAt})`);
      warnings.push(
        `${seed.declaredAt} writes a seed into the profile: anyone with the file can reproduce the mapping; use seed_env_var for real data`,
      );
    }
  };
  describeSeed(profile.global);
  let rules = 0;
  for (const table of profile.tables) {
    rules += table.rules.length;
    for (const rule of table.rules.flatMap(rulesWithin)) {
      strategies[rule.type] = (strategies[rule.type] ?? 0) + 1;
      describeSeed(rule);
    }
  }
  return {
    ...(profile.file ? { file: profile.file } : {}),
    name: profile.name,
    ...(profile.version ? { version: profile.version } : {}),
    sha256: profile.sha256,
    tables: profile.tables.length,
    tablesWithRules: profile.tables.filter((t) => t.rules.length > 0).length,
    rules,
    strategies,
    excludedTables: profile.excludeTables.map(formatQualifiedName),
    seeds: [...seeds],
    warnings: [...new Set(warnings)],
  };
}
