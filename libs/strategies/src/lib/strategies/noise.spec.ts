import { errorOf, transformOf } from '../../test-support/harness';

describe('noise strategy', () => {
  it('moves a value by at most percent, the same way every time', () => {
    const noise = transformOf('noise', { percent: 10 }, { columnType: 'numeric(10,2)' });
    const out = noise('52000.00')!;
    expect(out).toMatch(/^\d+\.\d{2}$/);
    expect(Math.abs(Number(out) - 52000)).toBeLessThanOrEqual(5200);
    expect(noise('52000.00')).toBe(out);
  });

  it('keeps integer columns integral', () => {
    expect(transformOf('noise', { percent: 50 }, { columnType: 'integer' })('1000')).toMatch(
      /^-?\d+$/,
    );
  });

  it('refuses a non-numeric value', () => {
    expect(errorOf(() => transformOf('noise', {}, { columnType: 'integer' })('ten')).code).toBe(
      'STRATEGY_VALUE',
    );
  });
});
