import { DataKeyCache } from './data-key-cache';

describe('DataKeyCache', () => {
  it('returns a key until its time is up, then zeroes and forgets it', () => {
    let now = 1_000;
    const cache = new DataKeyCache(500, () => now);
    cache.set('k1', Buffer.alloc(32, 7));
    const held = cache.get('k1') as Buffer;
    expect(held.equals(Buffer.alloc(32, 7))).toBe(true);
    now = 1_499;
    expect(cache.get('k1')).toBe(held);
    now = 1_500;
    expect(cache.get('k1')).toBeUndefined();
    expect(held.equals(Buffer.alloc(32, 0))).toBe(true);
    expect(cache.size).toBe(0);
  });

  it('keeps its own copy, so the caller can zero the key it passed in', () => {
    const cache = new DataKeyCache(60_000);
    const key = Buffer.alloc(32, 9);
    cache.set('k', key);
    key.fill(0);
    expect(cache.get('k')?.equals(Buffer.alloc(32, 9))).toBe(true);
  });

  it('zeroes every key on clear', () => {
    const cache = new DataKeyCache(60_000);
    cache.set('a', Buffer.alloc(32, 1));
    cache.set('b', Buffer.alloc(32, 2));
    const a = cache.get('a') as Buffer;
    cache.clear();
    expect(a.every((byte) => byte === 0)).toBe(true);
    expect(cache.get('b')).toBeUndefined();
  });
});
