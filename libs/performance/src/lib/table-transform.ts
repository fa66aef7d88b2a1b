import type { CapturedToken, ResolvedRule } from '@confiture/domain';
import {
  compileRule,
  createKeyMaterial,
  type ColumnInfo,
  type HmacBackend,
  type TokenSink,
} from '@confiture/strategies';
import { transformCopyBuffer, type ValueTransform } from './row-transform';
import { memoize } from './value-cache';

/**
 * Everything needed to anonymize the rows of one table, as plain data so it can be sent to a
 * worker thread: per copied column (in COPY order) its rule, its description and its seed.
 */
export interface TableTransformSpec {
  /** Identifies the spec in a worker's cache (e.g. `schema.table`). */
  id: string;
  /** Qualified table name, for token metadata and error messages. */
  table: string;
  columns: Array<{
    column: ColumnInfo;
    /** Absent: the column is copied as is. */
    rule?: ResolvedRule;
    /** Key material of the rule's seed (already resolved from the environment). */
    seed?: string;
  }>;
  /**
   * What worker threads hash batches with: the backend the caller chose for its own thread (a
   * worker does not read the environment). Absent: the fastest that loads there.
   */
  hmacBackend?: HmacBackend;
}

/** Result of anonymizing a batch of COPY rows. */
export interface TransformedBatch {
  data: Buffer;
  rows: number;
  tokens: CapturedToken[];
}

/** A compiled {@link TableTransformSpec}: call it with whole COPY text rows. */
export type CompiledTableTransform = (rows: Buffer) => TransformedBatch;

/**
 * Compiles the strategies of a table once. Values of columns without a rule are never decoded.
 * Tokens produced while transforming a batch are returned with that batch.
 */
export function compileTableTransform(spec: TableTransformSpec): CompiledTableTransform {
  let captured: CapturedToken[] = [];
  const seen = new Set<string>();
  const sink: TokenSink = {
    record(token, original, meta) {
      const key = `${meta.column}\u0000${token}`;
      if (seen.has(key)) return;
      seen.add(key);
      captured.push({ token, original, table: spec.table, column: meta.column });
    },
  };
  const keysBySeed = new Map<string, ReturnType<typeof createKeyMaterial>>();
  const transforms: (ValueTransform | undefined)[] = spec.columns.map(({ column, rule, seed }) => {
    if (!rule) return undefined;
    let keys;
    if (seed !== undefined) {
      keys = keysBySeed.get(seed) ?? createKeyMaterial(seed);
      keysBySeed.set(seed, keys);
    }
    const compiled = compileRule(rule, { column, ...(keys ? { keys } : {}), tokenSink: sink });
    // Values of SQL-evaluated strategies arrive already anonymized from the source query.
    if (compiled.evaluatedInSql) return undefined;
    const apply: ValueTransform = compiled.apply;
    if (compiled.prepare) apply.prepare = compiled.prepare;
    // Deterministic strategies are worth caching; tokenize is too (the vault de-duplicates), but
    // random ones (dp) must see every value.
    return compiled.contract.deterministic ? memoize(apply) : apply;
  });
  return (rows) => {
    const { data, rows: count } = transformCopyBuffer(rows, transforms);
    const tokens = captured;
    captured = [];
    // The de-duplication set only needs to span one batch: the vault de-duplicates across batches.
    seen.clear();
    return { data, rows: count, tokens };
  };
}
