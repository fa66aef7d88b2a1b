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
});
