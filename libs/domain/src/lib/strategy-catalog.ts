import type { z } from 'zod';
import type { YamlPath } from './safe-yaml';

/**
 * What the profile loader needs to know about strategy types. `domain` depends on no other
 * library, so the strategies library implements this and callers pass it to `loadProfile`.
 */
export interface StrategyCatalog {
  /** Every known strategy type, for "allowed" lists in messages. */
  readonly types: readonly string[];
  /** The (strict) options schema of `type`, or undefined when the type is unknown. */
  optionsSchema(type: string): z.ZodType | undefined;
  /**
   * Rules nested inside validated options of `type` (json's `rules`), each with its path inside
   * the options. The loader resolves them like top-level rules, keyed by `path` instead of `column`.
   */
  nestedRules?(type: string, options: Record<string, unknown>): NestedRuleRef[];
}

/** A rule found inside another rule's options. */
export interface NestedRuleRef {
  /** Path of the rule inside the parent's options, e.g. `['rules', 0]`. */
  at: YamlPath;
  rule: unknown;
}
