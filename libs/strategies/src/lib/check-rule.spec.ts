import type { ResolvedRule } from '@confiture/domain';
import { checkRuleAgainstColumn } from './check-rule';
import { describeColumn } from './column';

const rule = (type: string, options: Record<string, unknown> = {}): ResolvedRule => ({
  column: 'c',
  strategy: type,
  type,
  options,
  path: 'tables.users.anonymization[0]',
});

function messages(
  r: ResolvedRule,
  type: string,
  flags: { notNull?: boolean; unique?: boolean } = {},
): string[] {
  return checkRuleAgainstColumn(r, describeColumn('c', type, flags), 'public.users').map(
    (e) => `${e.describe()} | ${e.hint}`,
  );
}

describe('checkRuleAgainstColumn', () => {
  it('accepts a fitting rule', () => {
    expect(messages(rule('email'), 'character varying(255)', { unique: true })).toEqual([]);
  });

  it('refuses a type the strategy does not accept', () => {
    expect(messages(rule('email'), 'integer')).toEqual([
      'tables.users.anonymization[0] public.users.c: email strategy on integer column: email does not accept integer values (it accepts text) | For numbers use generalize, noise, dp, aggregate, redact with a numeric replacement, or preserve.',
    ]);
  });

  it('refuses suppress on a NOT NULL column', () => {
    expect(messages(rule('suppress'), 'text', { notNull: true })[0]).toContain(
      'suppress writes NULL but the column is NOT NULL',
    );
  });

  it('refuses a non-injective strategy on a UNIQUE column and suggests the unique variant', () => {
    expect(messages(rule('name'), 'text', { unique: true })[0]).toContain(
      'Use tokenize for a UNIQUE column',
    );
    expect(messages(rule('hash', { length: 16 }), 'text', { unique: true })[0]).toContain(
      'Use hash with length >= 24',
    );
    expect(messages(rule('hash', { length: 24 }), 'text', { unique: true })).toEqual([]);
  });

  it('refuses output that cannot fit: email longer than varchar(n), text into an integer column', () => {
    expect(messages(rule('email'), 'varchar(20)')[0]).toContain(
      'output can be 40 characters but the column holds 20',
    );
    expect(messages(rule('redact', { replacement: '***' }), 'integer')[0]).toContain(
      'replacement "***" is not a valid integer value',
    );
    expect(messages(rule('redact', { replacement: '0' }), 'integer')).toEqual([]);
  });
});
