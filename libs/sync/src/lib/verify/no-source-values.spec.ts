import fc from 'fast-check';
import { compareDigests, compareIntegers } from './no-source-values';

describe('compareIntegers', () => {
  it('orders integers as PostgreSQL writes them by value, not as text', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt(), (a, b) => {
        const expected = a < b ? -1 : a > b ? 1 : 0;
        expect(Math.sign(compareIntegers(a.toString(), b.toString()))).toBe(expected);
      }),
    );
    expect(compareIntegers('9', '10')).toBeLessThan(0);
    expect(compareIntegers('-10', '-9')).toBeLessThan(0);
    expect(compareIntegers('-1', '0')).toBeLessThan(0);
    // Equal negative integers give 0, not -0 (fast-check found -28 against -28).
    expect(compareIntegers('-28', '-28')).toBe(0);
  });
});

describe('compareDigests', () => {
  it('orders h1<tab>h2 lines by the first integer, then the second, as the servers sort them', () => {
    const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    fc.assert(
      fc.property(int64, int64, int64, int64, (a1, a2, b1, b2) => {
        const expected = a1 !== b1 ? (a1 < b1 ? -1 : 1) : a2 < b2 ? -1 : a2 > b2 ? 1 : 0;
        expect(Math.sign(compareDigests(`${a1}\t${a2}`, `${b1}\t${b2}`))).toBe(expected);
      }),
    );
    expect(compareDigests('5\t-1', '5\t10')).toBeLessThan(0);
    expect(compareDigests('-5\t9', '4\t-9')).toBeLessThan(0);
  });
});
