import type { ResolvedRule } from '@confiture/domain';
import { describeColumn } from './column';
import { compileRule } from './compile-rule';
import { createKeyMaterial } from './key-material';
import { errorOf, TEST_SEED } from '../test-support/harness';

const keys = createKeyMaterial(TEST_SEED);
const rule = (type: string, options: Record<string, unknown> = {}): ResolvedRule => ({
  column: 'c',
  strategy: type,
  type,
  options,
  path: 'tables.t.anonymization[0]',
});

describe('compileRule', () => {
  it('gives the same output for the same value in different tables and columns (joins still match)', () => {
    const users = compileRule(rule('email'), { column: describeColumn('email', 'text'), keys });
    const orders = compileRule(rule('email'), {
      column: describeColumn('customer_email', 'character varying(255)'),
      keys,
    });
    expect(orders.apply('ann@corp.com')).toBe(users.apply('ann@corp.com'));
    expect(users.selectExpression).toBe('"email"');
    expect(users.evaluatedInSql).toBe(false);
  });

  it('applies a rule to each element of an array column, re-encoding the literal', () => {
    const compiled = compileRule(rule('redact', { replacement: 'x y' }), {
      column: describeColumn('tags', 'text[]'),
      keys,
    });
    expect(compiled.apply('{a,"b,c",NULL}')).toBe('{"x y","x y",NULL}');
  });

  it('applies json nested rules resolved by the loader', () => {
    const nested = {
      column: '$.email',
      strategy: 'redact',
      type: 'redact',
      options: { replacement: 'gone' },
      path: 'x',
    };
    const compiled = compileRule(rule('json', { rules: [nested] }), {
      column: describeColumn('doc', 'jsonb'),
      keys,
    });
    expect(compiled.apply('{"email": "a@b.io", "id": 7}')).toBe('{"email": "gone", "id": 7}');
  });

  it('turns output too long for varchar(n) into a typed error naming the column', () => {
    const compiled = compileRule(rule('email', { preserve_domain: true }), {
      column: describeColumn('email', 'varchar(40)'),
      keys,
    });
    const error = errorOf(() => compiled.apply('a@a-rather-long-domain-name.example'));
    expect(error.code).toBe('STRATEGY_VALUE');
    expect(error.describe()).toBe(
      'tables.t.anonymization[0] column email: email strategy: output of 63 characters does not fit varchar(40)',
    );
  });

  it('refuses a seeded strategy without a seed (SEED_MISSING), never a silent default', () => {
    expect(
      errorOf(() => compileRule(rule('hash'), { column: describeColumn('c', 'text') })).code,
    ).toBe('SEED_MISSING');
  });

  it('gives SQL strategies their SELECT expression, quoted and cast back', () => {
    const compiled = compileRule(rule('aggregate', { function: 'avg' }), {
      column: describeColumn('Salary', 'integer'),
    });
    expect(compiled.selectExpression).toBe('(avg("Salary") OVER ())::integer');
    expect(compiled.evaluatedInSql).toBe(true);
  });
});
