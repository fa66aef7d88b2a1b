import type { ResolvedRule, SeedSource } from '@confiture/domain';
import { optionsError } from './strategy-definition';

/** A rule inside json's `rules`: a path, a strategy type, its options and maybe its own seed. */
export interface NestedRule {
  path: string;
  type: string;
  options: Record<string, unknown>;
  seed?: SeedSource;
}

/**
 * Reads one entry of json's `rules`: a {@link ResolvedRule} from the profile loader (path in
 * `column`), or, when the strategies are used alone, a plain `{ path, strategy, ...options }`.
 */
export function readNestedRule(entry: unknown): NestedRule {
  if (!entry || typeof entry !== 'object')
    throw optionsError('json', 'each rule must be a mapping');
  const raw = entry as Record<string, unknown>;
  if (typeof raw['type'] === 'string' && typeof raw['column'] === 'string' && raw['options']) {
    const resolved = raw as unknown as ResolvedRule;
    return {
      path: resolved.column,
      type: resolved.type,
      options: resolved.options,
      ...(resolved.seed ? { seed: resolved.seed } : {}),
    };
  }
  const { path, strategy, ...options } = raw;
  if (typeof path !== 'string' || typeof strategy !== 'string') {
    throw optionsError('json', 'each rule needs `path` and `strategy`');
  }
  return { path, type: strategy, options };
}
