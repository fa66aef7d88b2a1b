import type { ValueTransform } from './row-transform';

/** Options of {@link memoize}. */
export interface MemoizeOptions {
  /** Entries kept before the cache starts over (default 20,000: about 2 MB per column). */
  maxEntries?: number;
  /** Lookups after which a cache that rarely hits turns itself off (default 20,000). */
  probe?: number;
  /** Hit rate below which it turns off (default 0.2). */
  minHitRate?: number;
}

/**
 * Wraps a deterministic transform with a bounded cache of recent results. Real columns repeat a
 * lot (names, cities, statuses), and a repeated value then costs a map lookup instead of an HMAC.
 * Memory stays bounded: the cache starts over when full. A column whose values rarely repeat
 * (unique emails) stops using the cache after a probe period, so it costs almost nothing there.
 */
export function memoize(transform: ValueTransform, options: MemoizeOptions = {}): ValueTransform {
  const maxEntries = options.maxEntries ?? 20_000;
  const probe = options.probe ?? 20_000;
  const minHitRate = options.minHitRate ?? 0.2;
  let cache: Map<string, string | null> | undefined = new Map();
  let lookups = 0;
  let hits = 0;
  const memoized: ValueTransform = (value) => {
    if (value === null || cache === undefined) return transform(value);
    const cached = cache.get(value);
    if (cached !== undefined || cache.has(value)) {
      hits++;
      return cached ?? null;
    }
    const result = transform(value);
    if (++lookups === probe && hits / (lookups + hits) < minHitRate) {
      cache = undefined;
      return result;
    }
    if (cache.size >= maxEntries) cache.clear();
    cache.set(value, result);
    return result;
  };
  const prepare = transform.prepare;
  if (prepare) {
    // Only the values the cache will not answer reach the transform, so only those are prepared.
    memoized.prepare = (values) => {
      if (cache === undefined) return prepare(values);
      const misses: string[] = [];
      for (const value of values) if (!cache.has(value)) misses.push(value);
      if (misses.length > 0) prepare(misses);
    };
  }
  // A batch's column: a value the cache holds costs one lookup; the others are prepared together
  // and computed in row order. (With prepare and a call per value, a hit cost three lookups.)
  // The arrays handed to prepare are new each batch: a prepared transform may keep them.
  memoized.column = (values) => {
    if (cache === undefined) {
      if (prepare) {
        const present: string[] = [];
        for (const value of values) if (value !== null) present.push(value);
        if (present.length > 0) prepare(present);
      }
      for (let row = 0; row < values.length; row++) values[row] = transform(values[row]!);
      return;
    }
    const missRows: number[] = [];
    const misses: string[] = [];
    for (let row = 0; row < values.length; row++) {
      const value = values[row]!;
      if (value === null) {
        values[row] = transform(null);
        continue;
      }
      const cached = cache.get(value);
      if (cached !== undefined || cache.has(value)) {
        hits++;
        values[row] = cached ?? null;
        continue;
      }
      missRows.push(row);
      misses.push(value);
    }
    if (prepare && misses.length > 0) prepare(misses);
    // memoized() caches each result (and may turn the cache off) as the per-value path does.
    for (let k = 0; k < misses.length; k++) values[missRows[k]!] = memoized(misses[k]!);
  };
  return memoized;
}
