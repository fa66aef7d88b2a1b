import { getStrategy } from '../registry';
import { validateOptions } from '../create-strategy';
import { errorOf, transformOf } from '../../test-support/harness';

function sqlOf(
  type: string,
  options: Record<string, unknown>,
  source?: { table?: string; columnType?: string },
): string {
  const d = getStrategy(type);
  return (d.sql as (o: unknown, c: string, s?: object) => string)(
    validateOptions(d, options),
    '"Salary"',
    source,
  );
}

describe('strategies evaluated in SQL', () => {
  it('custom substitutes {column} and casts back to the column type', () => {
    expect(
      sqlOf('custom', { expression: "'****' || right({column}, 4)" }, { columnType: 'text' }),
    ).toBe(`(('****' || right("Salary", 4))::text)`);
    expect(sqlOf('custom', { function: 'anonymize_cc_last4' })).toBe(
      '(anonymize_cc_last4("Salary"))',
    );
  });

  it('custom refuses DDL in function (seed 004 shows CREATE FUNCTION; it is never executed)', () => {
    expect(() =>
      validateOptions(getStrategy('custom'), { function: 'CREATE OR REPLACE FUNCTION f() ...' }),
    ).toThrow('never runs CREATE FUNCTION');
  });

  it('aggregate is a window function over the group_by columns', () => {
    expect(
      sqlOf(
        'aggregate',
        { function: 'avg', group_by: ['Dept', 'region'] },
        { columnType: 'integer' },
      ),
    ).toBe('(avg("Salary") OVER (PARTITION BY "Dept", "region"))::integer');
    expect(
      sqlOf('aggregate', { function: 'median', group_by: ['dept'] }, { table: '"public"."emp"' }),
    ).toBe(
      '(SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY g."Salary") FROM "public"."emp" g WHERE g."dept" IS NOT DISTINCT FROM "public"."emp"."dept")',
    );
  });

  it('has no per-value transform', () => {
    expect(errorOf(() => transformOf('aggregate', {})).message).toBe(
      'aggregate strategy: is evaluated in SQL on the source and has no per-value transform',
    );
  });
});
