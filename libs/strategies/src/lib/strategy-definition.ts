import { ConfitureError } from '@confiture/domain';
import type { z } from 'zod';
import type { ColumnInfo, TypeCategory } from './column';
import type { KeyedHash } from './keyed-hash';
import type { KeyMaterial } from './key-material';

/** A column transform: PostgreSQL text representation in, text representation (or NULL) out. */
export type Transform = ((value: string | null) => string | null) & {
  /**
   * Optional batch hint: the values (non-null, in order) the transform is about to be called with,
   * so it can compute their HMACs together (see {@link KeyedHash.prepare}). Skipping it changes
   * nothing but speed.
   */
  prepare?: (values: readonly string[]) => void;
};

/** Gives `transform` a {@link Transform.prepare} that batches the HMACs of its values with `hmac`. */
export function preparedWith(transform: Transform, hmac: KeyedHash): Transform {
  transform.prepare = (values) => hmac.prepare(values);
  return transform;
}

/** Receives the originals of tokenized values; the sync backs it with the encrypted token vault. */
export interface TokenSink {
  /** Called once per tokenized value (repeats included: the vault de-duplicates). */
  record(token: string, original: string, meta: { column: string }): void;
}

/** Everything a strategy may use: the column, key material and the token sink. Nothing global. */
export interface StrategyContext {
  column: ColumnInfo;
  /** Present when a seed was resolved; strategies with `needsSeed` refuse to start without it. */
  keys?: KeyMaterial;
  tokenSink?: TokenSink;
}

/** What a strategy promises about its output; the sync and the verifier plan with it. */
export interface StrategyContract {
  /** Same input (and seed) → same output, in every column and every run. */
  deterministic: boolean;
  /** The original can be recovered (with the key, or from the token store). */
  reversible: boolean;
  /** Output keeps the input's length and layout (separators, character classes). */
  formatPreserving: boolean;
  /** NULL in → NULL out. (`suppress` is false: everything becomes NULL.) */
  keepsNull: boolean;
  /** Distinct inputs → distinct outputs (at 10 million values; see docs for the bound). */
  injective: boolean;
  /** Needs a seed (key material); starting without one is a SEED_MISSING error. */
  needsSeed: boolean;
  /**
   * Whether "no original value appears in the target column" is a meaningful check. False for
   * strategies whose output may legitimately equal some original (generalize, noise, dp,
   * aggregate, preserve, realistic fakes such as name).
   */
  leakCheck: boolean;
}

/** Where a SQL-evaluated strategy runs: the source table and the column's type. */
export interface SqlSource {
  /** Quoted, qualified source table (`"app"."Users"`), needed by some expressions (median). */
  table?: string;
  /** `format_type()` of the column: the expression is cast back to it when given. */
  columnType?: string;
}

/** A docs example: options and an input; the docs show the real output under a fixed seed. */
export interface StrategyExample {
  options: Record<string, unknown>;
  input: string | null;
  /** Column type for the example (default `text`). */
  columnType?: string;
}

/**
 * One anonymization strategy: name, description, options schema, accepted types, contract and a
 * factory. Registered in `registry.ts`; docs, catalog and plan checks are all derived from it.
 */
export interface StrategyDefinition<O = Record<string, unknown>> {
  readonly type: string;
  /** One sentence: what it does. */
  readonly description: string;
  /** Strict zod schema of the options; the option type is `z.infer` of it. */
  readonly options: z.ZodType<O>;
  /** Element type categories it accepts ('any' for all). */
  readonly accepts: readonly TypeCategory[] | 'any';
  /** Contract for its default options (see {@link StrategyDefinition.refineContract}). */
  readonly contract: StrategyContract;
  /** Contract fields that depend on the options (e.g. hash length decides injectivity). */
  refineContract?(options: O): Partial<StrategyContract>;
  /**
   * Longest output (in characters) for inputs of at most `inputMax` characters (undefined when
   * the input length is unknown); undefined when unknown or unbounded.
   */
  maxOutputLength(options: O, inputMax: number | undefined): number | undefined;
  /** Extra plan-time problems for a column (messages only; the caller adds place and hint). */
  checkColumn?(options: O, column: ColumnInfo): { message: string; hint: string }[];
  /** Builds the per-value transform. Absent for strategies evaluated in SQL. */
  create?(options: O, ctx: StrategyContext): Transform;
  /** Builds the inverse transform of a reversible strategy (fpe). */
  createInverse?(options: O, ctx: StrategyContext): Transform;
  /** SELECT-list expression for strategies evaluated in the source query (custom, aggregate). */
  sql?(options: O, quotedColumn: string, source?: SqlSource): string;
  /** The strategy that keeps UNIQUE columns unique, offered when this one is not injective. */
  readonly uniqueAlternative?: string;
  /** Shown in docs/strategies.md. */
  readonly example: StrategyExample;
  /** Extra paragraphs for docs/strategies.md. */
  readonly notes?: readonly string[];
}

/**
 * A full contract from the fields that differ from the common case: deterministic, keeps NULL,
 * leak check applies; not reversible, not format-preserving, not injective, no seed needed.
 */
export function declareContract(fields: Partial<StrategyContract>): StrategyContract {
  return {
    deterministic: true,
    reversible: false,
    formatPreserving: false,
    keepsNull: true,
    injective: false,
    needsSeed: false,
    leakCheck: true,
    ...fields,
  };
}

/** A definition with its options type erased, as the registry holds it. */
export type AnyStrategyDefinition = StrategyDefinition<never>;

/** Identity helper that types a definition from its schema and erases it for the registry. */
export function defineStrategy<O>(definition: StrategyDefinition<O>): AnyStrategyDefinition {
  return definition as unknown as AnyStrategyDefinition;
}

/** The contract of `definition` with `options` applied. */
export function contractOf(
  definition: AnyStrategyDefinition,
  options: Record<string, unknown>,
): StrategyContract {
  const refine = definition.refineContract as
    ((o: Record<string, unknown>) => Partial<StrategyContract>) | undefined;
  return { ...definition.contract, ...(refine?.(options) ?? {}) };
}

/** The typed error for a value a strategy cannot handle; never includes the value itself. */
export function valueError(type: string, reason: string, hint?: string): ConfitureError {
  return new ConfitureError('STRATEGY_VALUE', `${type} strategy: ${reason}`, {
    hint: hint ?? 'Fix or exclude the value, or choose a strategy that accepts it.',
  });
}

/** The typed error for options (or context) a strategy cannot work with. */
export function optionsError(type: string, reason: string, hint?: string): ConfitureError {
  return new ConfitureError('STRATEGY_OPTIONS', `${type} strategy: ${reason}`, {
    hint: hint ?? `See docs/strategies.md#${type} for the options of ${type}.`,
  });
}

/** The key material of a seeded strategy, or SEED_MISSING (there is never a default seed). */
export function requireKeys(type: string, ctx: StrategyContext): KeyMaterial {
  if (!ctx.keys) {
    throw new ConfitureError('SEED_MISSING', `${type} strategy needs a seed and none was given`, {
      column: ctx.column.name,
      hint: 'Set global.seed_env_var (e.g. CONFITURE_SEED) in the profile, or a seed on the rule.',
    });
  }
  return ctx.keys;
}
