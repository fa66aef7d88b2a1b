import fc from 'fast-check';
import { compareIntegers } from './verify';

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
  });
});
