import { describeColumn } from '../column';
import { createStrategy } from '../create-strategy';
import { errorOf } from '../../test-support/harness';
import { gaussianSigma, laplaceScale } from './dp';

const column = describeColumn('salary', 'double precision');
const N = 100_000;

function variance(xs: number[]): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
}

function draws(options: Record<string, unknown>): number[] {
  const dp = createStrategy('dp', options, { column });
  return Array.from({ length: N }, () => Number(dp('0')));
}

describe('dp strategy', () => {
  it('adds Laplace noise whose variance over 100k draws is within 3% of 2(Δ/ε)²', () => {
    const options = { mechanism: 'laplace', epsilon: 0.5, sensitivity: 2 };
    const expected = 2 * laplaceScale(options) ** 2;
    expect(expected).toBe(32);
    expect(Math.abs(variance(draws(options)) / expected - 1)).toBeLessThan(0.03);
  });

  it('adds Gaussian noise whose variance over 100k draws is within 3% of σ² = 2 ln(1.25/δ)(Δ/ε)²', () => {
    const options = { mechanism: 'gaussian', epsilon: 0.5, delta: 1e-5, sensitivity: 1 };
    const expected = gaussianSigma(options) ** 2;
    expect(expected).toBeCloseTo(2 * Math.log(1.25 / 1e-5) * 4, 9);
    expect(Math.abs(variance(draws(options)) / expected - 1)).toBeLessThan(0.03);
  });

  it('clamps to bounds and rounds on integer columns', () => {
    const dp = createStrategy(
      'dp',
      { epsilon: 0.1, bounds: [0, 120] },
      { column: describeColumn('age', 'integer') },
    );
    for (let i = 0; i < 1000; i++) {
      const out = Number(dp('500'));
      expect(Number.isInteger(out)).toBe(true);
      expect(out).toBeGreaterThanOrEqual(0);
      expect(out).toBeLessThanOrEqual(120);
    }
  });

  it('refuses values once the budget is spent', () => {
    const dp = createStrategy('dp', { epsilon: 0.25, budget: 1 }, { column });
    for (let i = 0; i < 4; i++) dp('10');
    const error = errorOf(() => dp('10'));
    expect(error.code).toBe('STRATEGY_VALUE');
    expect(error.message).toContain('privacy budget exhausted (spent ε=1 of 1)');
  });

  it('refuses a non-numeric value with a typed error, and epsilon >= 1 for gaussian', () => {
    expect(errorOf(() => createStrategy('dp', {}, { column })('abc')).message).toBe(
      'dp strategy: the value is not a finite number',
    );
    expect(
      errorOf(() => createStrategy('dp', { mechanism: 'gaussian', epsilon: 2 }, { column }))
        .message,
    ).toContain('epsilon < 1');
  });
});
