import { ConfitureError } from '@confiture/domain';
import { getStrategy } from './registry';
import {
  optionsError,
  type AnyStrategyDefinition,
  type StrategyContext,
  type Transform,
} from './strategy-definition';

/**
 * The transform of a strategy (a definition or its type) with raw `options`, validated by its
 * schema first. The entry point for using a strategy outside a sync.
 */
export function createStrategy(
  strategy: AnyStrategyDefinition | string,
  options: Record<string, unknown>,
  ctx: StrategyContext,
): Transform {
  const definition = typeof strategy === 'string' ? getStrategy(strategy) : strategy;
  const validated = validateOptions(definition, options);
  const create = definition.create as
    ((o: Record<string, unknown>, c: StrategyContext) => Transform) | undefined;
  if (!create) {
    throw optionsError(
      definition.type,
      'is evaluated in SQL on the source and has no per-value transform',
      `Put definition.sql(options, quotedColumn) in the source query (compileRule does this).`,
    );
  }
  return create(validated, ctx);
}

/** The inverse transform of a reversible strategy (fpe), with the same options and seed. */
export function createInverseStrategy(
  strategy: AnyStrategyDefinition | string,
  options: Record<string, unknown>,
  ctx: StrategyContext,
): Transform {
  const definition = typeof strategy === 'string' ? getStrategy(strategy) : strategy;
  const inverse = definition.createInverse as
    ((o: Record<string, unknown>, c: StrategyContext) => Transform) | undefined;
  if (!inverse) {
    throw optionsError(
      definition.type,
      'cannot be reversed here',
      definition.type === 'tokenize'
        ? 'Tokens are reversed through the token vault (confiture tokens reverse).'
        : 'Only fpe is reversible with the key.',
    );
  }
  return inverse(validateOptions(definition, options), ctx);
}

/** `options` parsed by the definition's schema (defaults applied), or STRATEGY_OPTIONS. */
export function validateOptions(
  definition: AnyStrategyDefinition,
  options: Record<string, unknown>,
): Record<string, unknown> {
  const result = (
    definition.options as unknown as {
      safeParse(v: unknown): {
        success: boolean;
        data?: unknown;
        error?: { issues: { path: PropertyKey[]; message: string }[] };
      };
    }
  ).safeParse(options);
  if (!result.success) {
    const issues = result.error?.issues ?? [];
    const detail = issues
      .map((i) => `${i.path.length ? `${i.path.map(String).join('.')}: ` : ''}${i.message}`)
      .join('; ');
    throw new ConfitureError(
      'STRATEGY_OPTIONS',
      `${definition.type} strategy: invalid options: ${detail}`,
      {
        hint: `See docs/strategies.md#${definition.type.replace(/_/g, '_')} for its options.`,
      },
    );
  }
  return result.data as Record<string, unknown>;
}
