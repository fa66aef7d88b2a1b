import { memoize } from './value-cache';

describe('memoize', () => {
  it('computes each repeated value once and returns the same result', () => {
    let calls = 0;
    const upper = memoize((v) => {
      calls++;
      return v === null ? null : v.toUpperCase();
    });
    expect(['a', 'b', 'a', 'a', null, 'b'].map(upper)).toEqual(['A', 'B', 'A', 'A', null, 'B']);
    expect(calls).toBe(3); // a, b, and null (never cached)
  });

  it('keeps at most maxEntries results', () => {
    let calls = 0;
    const f = memoize((v) => (calls++, v), { maxEntries: 2 });
    ['a', 'b', 'c', 'a'].forEach(f);
    expect(calls).toBe(4); // the cache started over at c, so a was computed again
  });

  it('turns itself off for columns whose values do not repeat', () => {
    let calls = 0;
    const f = memoize((v) => (calls++, v), { probe: 100 });
    for (let i = 0; i < 200; i++) f(`v${i}`);
    f('v150');
    expect(calls).toBe(201);
  });

  it('keeps a cached null result distinct from a miss', () => {
    let calls = 0;
    const f = memoize(() => (calls++, null));
    expect([f('x'), f('x')]).toEqual([null, null]);
    expect(calls).toBe(1);
  });

  it('prepares only the values the cache will not answer', () => {
    const prepared: string[][] = [];
    const inner = Object.assign((v: string | null) => v, {
      prepare: (values: readonly string[]) => prepared.push([...values]),
    });
    const f = memoize(inner);
    ['a', 'b'].forEach(f);
    f.prepare!(['a', 'c', 'b', 'd']);
    expect(prepared).toEqual([['c', 'd']]);
    f.prepare!(['a', 'b']);
    expect(prepared).toHaveLength(1);
  });

  it('transforms a column in place: a cached value is not recomputed, the misses are prepared together', () => {
    const prepared: string[][] = [];
    const computed: (string | null)[] = [];
    const inner = Object.assign(
      (v: string | null) => (computed.push(v), v === null ? null : v.toUpperCase()),
      { prepare: (values: readonly string[]) => prepared.push([...values]) },
    );
    const f = memoize(inner);
    f('a');
    const column = ['a', 'b', null, 'a', 'c', 'b'];
    f.column!(column);
    expect(column).toEqual(['A', 'B', null, 'A', 'C', 'B']);
    // b is a miss twice in the batch: prepared twice, computed once.
    expect(prepared).toEqual([['b', 'c', 'b']]);
    expect(computed).toEqual(['a', null, 'b', 'c']);
  });

  it('transforms a column the same way once the cache has turned itself off', () => {
    const prepared: string[][] = [];
    const inner = Object.assign((v: string | null) => (v === null ? 'NULL' : `<${v}>`), {
      prepare: (values: readonly string[]) => prepared.push([...values]),
    });
    const f = memoize(inner, { probe: 10 });
    const first = Array.from({ length: 20 }, (_, i) => `v${i}`);
    f.column!(first);
    expect(first[19]).toBe('<v19>');
    const column = ['v1', null, 'v2'];
    f.column!(column);
    expect(column).toEqual(['<v1>', 'NULL', '<v2>']);
    expect(prepared.at(-1)).toEqual(['v1', 'v2']);
  });
});
