import {
  nestedRules,
  sameName,
  type Profile,
  type QualifiedName,
  type ResolvedRule,
} from '@confiture/domain';
import type { JsonPathStep } from '@confiture/strategies';
import type { ColumnFinding } from './classify-column';
import { parseLocation, parsePath, pathCovers } from './json-paths';

/**
 * How a profile treats a column: a rule anonymizes it, a `preserve` rule declares it safe, its
 * table is excluded, a json rule covers only some of the paths where PII was found, or nothing.
 */
export type CoverageStatus = 'rule' | 'preserved' | 'excluded' | 'partial' | 'unmapped';

/** The verdict of {@link coverageOf}. */
export interface Coverage {
  status: CoverageStatus;
  /** The rule on the column (strategy as written, its type, and its YAML path). */
  rule?: { strategy: string; type: string; path: string };
  /** JSON paths with PII that no nested rule of a json rule reaches. */
  uncoveredPaths?: string[];
}

/** Whether the profile leaves this column's PII untreated. */
export function isUnmapped(coverage: Coverage): boolean {
  return coverage.status === 'unmapped' || coverage.status === 'partial';
}

/** The rule of `profile` on `table.column`, if any. */
export function ruleFor(
  profile: Profile,
  table: QualifiedName,
  column: string,
): ResolvedRule | undefined {
  return profile.tables
    .find((t) => sameName(t.table, table))
    ?.rules.find((rule) => rule.column === column);
}

/** Whether `profile` excludes `table` from the copy. */
export function isExcluded(profile: Profile, table: QualifiedName): boolean {
  return profile.excludeTables.some((t) => sameName(t, table));
}

/**
 * Whether the profile covers a detected column: a rule on the column (for JSON columns, a `json`
 * rule must reach every path where PII was found), or the table excluded. Any rule counts for free
 * text and arrays (a rule on an array applies to every element).
 */
export function coverageOf(profile: Profile, finding: ColumnFinding): Coverage {
  if (isExcluded(profile, finding.table)) return { status: 'excluded' };
  const rule = ruleFor(profile, finding.table, finding.column);
  if (!rule) return { status: 'unmapped' };
  const summary = { strategy: rule.strategy, type: rule.type, path: rule.path };
  if (rule.type === 'preserve') return { status: 'preserved', rule: summary };
  if (rule.type === 'json' && finding.jsonPaths.length > 0) {
    const nested = changedPaths(rule);
    const uncovered = finding.jsonPaths.filter((path) => {
      const location = parseLocation(path);
      return !location || !nested.some((steps) => pathCovers(steps, location));
    });
    if (uncovered.length > 0)
      return { status: 'partial', rule: summary, uncoveredPaths: uncovered };
  }
  return { status: 'rule', rule: summary };
}

/** Parsed paths of the nested rules of a json rule that change values (not `preserve`). */
function changedPaths(rule: ResolvedRule): JsonPathStep[][] {
  return nestedRules(rule)
    .filter((r) => r.type !== 'preserve')
    .map((r) => parsePath(r.column))
    .filter((steps): steps is JsonPathStep[] => steps !== undefined);
}
