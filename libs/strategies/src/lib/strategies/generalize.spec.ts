import { errorOf, transformOf } from '../../test-support/harness';

describe('generalize strategy', () => {
  it('keeps an integer column integral: a bucket becomes its lower boundary', () => {
    const g = transformOf('generalize', { bucket: 10 }, { columnType: 'integer' });
    expect([g('37'), g('30'), g('-1')]).toEqual(['30', '30', '-10']);
  });

  it('gives range labels in a text column', () => {
    expect(transformOf('generalize', { bucket: 10 })('37')).toBe('30-39');
    const ranges = transformOf('generalize', { ranges: [18, 30, 65] });
    expect([ranges('12'), ranges('18'), ranges('40'), ranges('70')]).toEqual([
      '<18',
      '18-29',
      '30-64',
      '65+',
    ]);
    expect(
      transformOf('generalize', { ranges: [0, 18, 65] }, { columnType: 'smallint' })('40'),
    ).toBe('18');
  });

  it('truncates dates and timestamps and keeps their type', () => {
    expect(
      transformOf('generalize', { date_precision: 'month' }, { columnType: 'date' })('2024-05-17'),
    ).toBe('2024-05-01');
    expect(
      transformOf('generalize', { date_precision: 'year' }, { columnType: 'date' })('2024-05-17'),
    ).toBe('2024-01-01');
    expect(
      transformOf(
        'generalize',
        { date_precision: 'hour' },
        { columnType: 'timestamp with time zone' },
      )('2024-05-17 13:45:12.123+02'),
    ).toBe('2024-05-17 13:00:00+02');
    expect(
      transformOf('generalize', { date_precision: 'week' }, { columnType: 'date' })('2024-05-17'),
    ).toBe('2024-05-13');
  });

  it('keeps leading digits', () => {
    expect(transformOf('generalize', { keep_digits: 3 })('94102')).toBe('94100');
  });

  it('refuses bad dates and numbers with typed errors', () => {
    expect(
      errorOf(() =>
        transformOf(
          'generalize',
          { date_precision: 'month' },
          { columnType: 'date' },
        )('2024-02-30'),
      ).message,
    ).toBe('generalize strategy: the value is not an ISO date or timestamp');
    expect(
      errorOf(() => transformOf('generalize', { bucket: 5 }, { columnType: 'integer' })('n/a'))
        .code,
    ).toBe('STRATEGY_VALUE');
  });

  it('needs exactly one method', () => {
    expect(() => transformOf('generalize', { bucket: 5, keep_digits: 2 })).toThrow(
      'set exactly one of',
    );
  });
});
