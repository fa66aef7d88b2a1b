import { ConfitureError, type ResolvedRule } from '@confiture/domain';
import type { ColumnInfo } from './column';
import { findStrategy } from './registry';
import { contractOf } from './strategy-definition';

/**
 * Plan-time problems of applying `rule` to `column` (of `table`, for messages), found before
 * anything is written: a type the strategy does not accept, suppress on a NOT NULL column, a
 * non-injective strategy on a UNIQUE column, output that cannot fit varchar(n) or the column's
 * type. Each is a PLAN_INVALID error naming table and column, with a hint. Empty when fine.
 */
export function checkRuleAgainstColumn(
  rule: ResolvedRule,
  column: ColumnInfo,
  table?: string,
): ConfitureError[] {
  const problems: ConfitureError[] = [];
  const add = (message: string, hint: string) =>
    problems.push(
      new ConfitureError(
        'PLAN_INVALID',
        `${rule.type} strategy on ${column.type} column: ${message}`,
        {
          ...(table ? { table } : {}),
          column: column.name,
          path: rule.path,
          hint,
        },
      ),
    );
  const definition = findStrategy(rule.type);
  if (!definition) {
    add(
      `unknown strategy type "${rule.type}"`,
      'Validate the profile with the strategy catalog first.',
    );
    return problems;
  }
  const parsed = definition.options.safeParse(rule.options);
  if (!parsed.success) {
    add(
      `invalid options: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
      `See docs/strategies.md#${rule.type}.`,
    );
    return problems;
  }
  const options = parsed.data as Record<string, unknown>;
  const contract = contractOf(definition, options);
  if (definition.accepts !== 'any' && !definition.accepts.includes(column.category)) {
    add(
      `${rule.type} does not accept ${column.category} values (it accepts ${definition.accepts.join(', ')})`,
      acceptingHint(column),
    );
  }
  if (column.unique && !contract.injective) {
    const alternative = definition.uniqueAlternative;
    add(
      'the column is UNIQUE but this strategy can map distinct values to the same output',
      alternative
        ? `Use ${alternative} for a UNIQUE column (it keeps distinct values distinct).`
        : 'Use an injective strategy (email, hash with length >= 24, tokenize, fpe) for a UNIQUE column.',
    );
  }
  const check = definition.checkColumn as
    | ((o: Record<string, unknown>, c: ColumnInfo) => { message: string; hint: string }[])
    | undefined;
  for (const problem of check?.(options, column) ?? []) add(problem.message, problem.hint);
  const maxOutput = (
    definition.maxOutputLength as (
      o: Record<string, unknown>,
      n: number | undefined,
    ) => number | undefined
  )(options, column.maxLength);
  if (column.maxLength !== undefined && maxOutput !== undefined && maxOutput > column.maxLength) {
    add(
      `output can be ${maxOutput} characters but the column holds ${column.maxLength}`,
      'Widen the target column, or choose options with shorter output (a shorter domain, prefix or length).',
    );
  }
  return problems;
}

function acceptingHint(column: ColumnInfo): string {
  switch (column.category) {
    case 'integer':
    case 'numeric':
    case 'float':
      return 'For numbers use generalize, noise, dp, aggregate, redact with a numeric replacement, or preserve.';
    case 'date':
    case 'timestamp':
    case 'timestamptz':
      return 'For dates use generalize with date_precision, aggregate (min/max), or preserve.';
    case 'json':
    case 'jsonb':
      return 'For json use json (rules per path), text_scrub, redact with a JSON replacement, or suppress.';
    default:
      return 'See docs/strategies.md for the types each strategy accepts.';
  }
}
