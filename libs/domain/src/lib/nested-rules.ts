import type { Profile, ResolvedRule } from './load-profile';

/**
 * The rules nested in a rule's options (json's `rules`), as the profile loader resolved them: the
 * one place that reads them, so that every walk over a profile's rules sees the same ones.
 */
export function nestedRules(rule: ResolvedRule): ResolvedRule[] {
  const nested = rule.options['rules'];
  return Array.isArray(nested) ? nested.filter(isResolvedRule) : [];
}

/** The rule and every rule nested in it (json rules within json rules too), depth first. */
export function rulesWithin(rule: ResolvedRule): ResolvedRule[] {
  return [rule, ...nestedRules(rule).flatMap(rulesWithin)];
}

/** Every rule of a profile, nested ones included, table by table and depth first. */
export function profileRules(profile: Pick<Profile, 'tables'>): ResolvedRule[] {
  return profile.tables.flatMap((table) => table.rules.flatMap(rulesWithin));
}

/** Whether a rule (or a rule nested in it) tokenizes: its originals go to the token vault. */
export function usesTokenize(rule: ResolvedRule | undefined): boolean {
  return rule !== undefined && rulesWithin(rule).some((r) => r.type === 'tokenize');
}

function isResolvedRule(entry: unknown): entry is ResolvedRule {
  if (typeof entry !== 'object' || entry === null) return false;
  const rule = entry as Partial<ResolvedRule>;
  return typeof rule.type === 'string' && typeof rule.column === 'string' && !!rule.options;
}
