import { describeColumn } from './column';
import { createStrategy } from './create-strategy';
import { createFf3_1 } from './ff3-1';
import { createKeyMaterial } from './key-material';

/** 1,000,000 distinct inputs must give 1,000,000 distinct outputs (docs state the 10M bound). */
const N = 1_000_000;
const ctx = {
  column: describeColumn('c', 'text'),
  keys: createKeyMaterial('uniqueness-seed'),
  tokenSink: { record: () => undefined },
};

function distinctOutputs(type: string, options: Record<string, unknown>): number {
  const transform = createStrategy(type, options, ctx);
  const seen = new Set<string>();
  for (let i = 0; i < N; i++) seen.add(transform(`user${i}@example.com`)!);
  return seen.size;
}

describe('injective strategies at 1,000,000 distinct values', () => {
  it('email keeps them distinct', () => {
    expect(distinctOutputs('email', {})).toBe(N);
  });

  it('hash (default length 32) keeps them distinct', () => {
    expect(distinctOutputs('hash', {})).toBe(N);
  });

  it('hash at length 24, the shortest declared injective, keeps them distinct', () => {
    expect(distinctOutputs('hash', { length: 24 })).toBe(N);
  });

  it('tokenize keeps them distinct', () => {
    expect(distinctOutputs('tokenize', {})).toBe(N);
  });

  it('fpe (FF3-1) permutes the whole 6-digit domain: 1,000,000 inputs, 1,000,000 outputs', () => {
    const key = createKeyMaterial('uniqueness-seed').key('fpe:key:default:256').toString('hex');
    const cipher = createFf3_1(key, '00000000000000', '0123456789');
    const seen = new Uint8Array(N);
    const numerals = [0, 0, 0, 0, 0, 0];
    let distinct = 0;
    for (let i = 0; i < N; i++) {
      let n = i;
      for (let d = 5; d >= 0; d--) {
        const digit = n % 10;
        numerals[d] = digit;
        n = (n - digit) / 10;
      }
      const out = cipher.encryptNumerals(numerals);
      const value = out.reduce((acc, d) => acc * 10 + d, 0);
      if (!seen[value]) distinct++;
      seen[value] = 1;
    }
    expect(distinct).toBe(N);
  });
});
