import { ConfitureError, quoteIdent, type ResolvedRule, type SeedSource } from '@confiture/domain';
import type { ColumnInfo } from './column';
import { validateOptions } from './create-strategy';
import type { KeyMaterial } from './key-material';
import { mapPgArray } from './pg-array';
import { getStrategy } from './registry';
import { createJsonTransform, nestedColumn } from './strategies/json';
import { readNestedRule } from './nested-rule';
import {
  contractOf,
  type StrategyContext,
  type StrategyContract,
  type TokenSink,
  type Transform,
} from './strategy-definition';

/** What {@link compileRule} needs besides the rule. */
export interface CompileContext {
  /** The target column as introspected. */
  column: ColumnInfo;
  /** Key material of the rule's effective seed (rule seed, else global seed), when there is one. */
  keys?: KeyMaterial;
  /** Key material for a nested json rule that declares its own seed. */
  keysFor?: (seed: SeedSource) => KeyMaterial;
  tokenSink?: TokenSink;
  /** Quoted, qualified source table, for strategies evaluated in SQL (aggregate median). */
  table?: string;
}

/** A rule ready to run: what the source query selects and what to do with each value. */
export interface CompiledRule {
  column: string;
  type: string;
  contract: StrategyContract;
  /** The SELECT-list expression of the source query: the quoted column or the strategy's SQL. */
  selectExpression: string;
  /** True for custom and aggregate: the value arrives already anonymized from the source query. */
  evaluatedInSql: boolean;
  /** The per-value transform of COPY text (identity when evaluated in SQL). */
  apply: Transform;
  /**
   * Batch hint for {@link apply}: the non-null values it is about to be called with, in order, so
   * their HMACs are computed together. Absent when the strategy has nothing to batch.
   */
  prepare?: (values: readonly string[]) => void;
}

/**
 * Compiles a resolved rule for one column: validates its options, derives its keys, and wraps
 * the strategy so that array columns are transformed element by element, varchar(n) overflows
 * are typed errors, and every error names the column (never the value).
 */
export function compileRule(rule: ResolvedRule, ctx: CompileContext): CompiledRule {
  const definition = getStrategy(rule.type);
  const options = validateOptions(definition, rule.options);
  const contract = contractOf(definition, options);
  const quoted = quoteIdent(ctx.column.name);
  const base = {
    column: ctx.column.name,
    type: rule.type,
    contract,
  };
  if (definition.sql) {
    const sql = definition.sql as (o: Record<string, unknown>, c: string, s: object) => string;
    return {
      ...base,
      selectExpression: sql(options, quoted, { table: ctx.table, columnType: ctx.column.type }),
      evaluatedInSql: true,
      apply: (value) => value,
    };
  }
  const strategyContext: StrategyContext = {
    column: ctx.column,
    ...(ctx.keys ? { keys: ctx.keys } : {}),
    ...(ctx.tokenSink ? { tokenSink: ctx.tokenSink } : {}),
  };
  let transform: Transform;
  try {
    transform =
      rule.type === 'json'
        ? createJsonTransform((options['rules'] as unknown[]).map(readNestedRule), (nested) => {
            const keys = nested.seed ? keysForNested(nested.seed, ctx) : ctx.keys;
            return compileRule(
              {
                column: nested.path,
                strategy: nested.type,
                type: nested.type,
                options: nested.options,
                path: `${rule.path}.rules`,
              },
              {
                ...ctx,
                column: nestedColumn(strategyContext, nested),
                ...(keys ? { keys } : {}),
              },
            ).apply;
          })
        : (definition.create as (o: Record<string, unknown>, c: StrategyContext) => Transform)(
            options,
            strategyContext,
          );
  } catch (error) {
    throw located(error, ctx.column.name, rule.path);
  }
  const bound = definition.maxOutputLength(options as never, ctx.column.maxLength);
  const limit = ctx.column.maxLength;
  const checked: Transform =
    limit !== undefined && (bound === undefined || bound > limit)
      ? (value) => {
          const out = transform(value);
          if (out !== null && out.length > limit && Array.from(out).length > limit) {
            throw new ConfitureError(
              'STRATEGY_VALUE',
              `${rule.type} strategy: output of ${Array.from(out).length} characters does not fit ${ctx.column.type}`,
              { hint: 'Widen the target column or choose options with shorter output.' },
            );
          }
          return out;
        }
      : transform;
  const element: Transform = ctx.column.isArray
    ? (value) => (value === null ? null : mapPgArray(value, checked))
    : checked;
  return {
    ...base,
    selectExpression: quoted,
    evaluatedInSql: false,
    apply: (value) => {
      try {
        return element(value);
      } catch (error) {
        throw located(error, ctx.column.name, rule.path);
      }
    },
    // Array values are hashed element by element: nothing to batch at the value level.
    ...(transform.prepare && !ctx.column.isArray ? { prepare: transform.prepare } : {}),
  };
}

function keysForNested(seed: SeedSource, ctx: CompileContext): KeyMaterial {
  if (!ctx.keysFor) {
    throw new ConfitureError(
      'SEED_MISSING',
      `a nested rule declares its own seed (${seed.declaredAt}) but no key resolver was given`,
      {
        hint: 'Pass keysFor to compileRule so nested seeds can be resolved.',
      },
    );
  }
  return ctx.keysFor(seed);
}

/** The error with the column (and rule path) filled in; other errors pass through. */
function located(error: unknown, column: string, path: string): unknown {
  if (!(error instanceof ConfitureError) || error.location.column) return error;
  return new ConfitureError(error.code, error.message, {
    ...error.location,
    column,
    path: error.location.path ?? path,
    hint: error.hint,
    cause: error,
  });
}
