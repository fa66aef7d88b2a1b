import {
  effectiveSeedSource,
  readSeed,
  rulesWithin,
  type Profile,
  type ResolvedRule,
} from '@confiture/domain';
import { contractOf, findStrategy } from '@confiture/strategies';
import type { SyncPlan } from '../plan/plan';

/** Seeds of a run, by the YAML path of the rule they key (`tables.users[0]`). */
export type RuleSeeds = ReadonlyMap<string, string>;

/**
 * Reads the seed of every rule whose strategy needs one (rule seed, else global seed), failing
 * before any write when a variable is unset. Keyed by the rule's YAML path.
 */
export function resolveSeeds(
  plan: SyncPlan,
  profile: Profile,
  env: Readonly<Record<string, string | undefined>>,
): RuleSeeds {
  const seeds = new Map<string, string>();
  for (const table of plan.tables) {
    if (table.excluded) continue;
    for (const column of table.columns) {
      const rule = column.rule;
      if (!rule || column.sql !== undefined) continue;
      const source = effectiveSeedSource(rule, profile.global);
      if (!source) {
        if (needsSeed(rule))
          readSeed(undefined, env, {
            ...(profile.file ? { file: profile.file } : {}),
            path: rule.path,
          });
        continue;
      }
      seeds.set(
        rule.path,
        readSeed(source, env, profile.file ? { file: profile.file } : {}).reveal(),
      );
    }
  }
  return seeds;
}

/** Whether the rule's strategy, or one nested in it, derives its output from a seed. */
function needsSeed(rule: ResolvedRule): boolean {
  if (!findStrategy(rule.type)) return false;
  return rulesWithin(rule).some((r) => {
    const definition = findStrategy(r.type);
    return definition ? contractOf(definition, r.options).needsSeed : false;
  });
}
