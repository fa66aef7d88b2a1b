import { z } from 'zod';
import { quoteIdent, strictObject } from '@confiture/domain';
import {
  declareContract,
  defineStrategy,
  optionsError,
  type SqlSource,
} from '../strategy-definition';

const FUNCTIONS = ['avg', 'sum', 'min', 'max', 'count', 'stddev', 'variance', 'median'] as const;

const options = strictObject({
  function: z.enum(FUNCTIONS).default('avg').describe('The aggregate that replaces each value.'),
  group_by: z
    .array(z.string().min(1))
    .default([])
    .describe('Columns that define the groups (none: the whole table).'),
});

/** Options of {@link aggregate}. */
export type AggregateOptions = z.infer<typeof options>;

/** Replaces each value by its group's aggregate, computed by PostgreSQL as a window function. */
export const aggregate = defineStrategy<AggregateOptions>({
  type: 'aggregate',
  description:
    'Replaces each value by the aggregate (`avg`, `sum`, `min`, `max`, `count`, `stddev`, `variance`, `median`) of its group (`group_by` columns), computed in the source query as a window function.',
  options,
  accepts: ['integer', 'numeric', 'float', 'date', 'timestamp', 'timestamptz'],
  contract: declareContract({ keepsNull: false, leakCheck: false }),
  maxOutputLength: () => undefined,
  checkColumn: (o, column) =>
    ['avg', 'sum', 'stddev', 'variance', 'median'].includes(o.function) &&
    !['integer', 'numeric', 'float'].includes(column.category)
      ? [
          {
            message: `${o.function} needs a numeric column, not ${column.type}`,
            hint: 'Use min, max or count on dates.',
          },
        ]
      : [],
  sql: (o, quotedColumn, source?: SqlSource) => {
    const partition =
      o.group_by.length > 0 ? `PARTITION BY ${o.group_by.map(quoteIdent).join(', ')}` : '';
    let expression: string;
    if (o.function === 'median') {
      // Ordered-set aggregates cannot be window functions: a correlated subquery on the source.
      if (!source?.table) {
        throw optionsError(
          'aggregate',
          'median needs the source table',
          'The sync passes it; pass { table } when calling sql().',
        );
      }
      const table = source.table;
      const same = o.group_by.map(
        (c) => `g.${quoteIdent(c)} IS NOT DISTINCT FROM ${table}.${quoteIdent(c)}`,
      );
      const inner = quotedColumn.replace(/^(?:"(?:[^"]|"")*"\.)*/, '');
      expression = `(SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY g.${inner}) FROM ${table} g${same.length ? ` WHERE ${same.join(' AND ')}` : ''})`;
    } else {
      expression = `${o.function}(${quotedColumn}) OVER (${partition})`;
    }
    return source?.columnType ? `(${expression})::${source.columnType}` : expression;
  },
  example: { options: { function: 'avg', group_by: ['department'] }, input: '85000' },
  notes: [
    'The sync puts the expression in the SELECT list of its source query, cast back to the column type (an integer average is rounded by the cast). Groups are computed over the rows the sync copies (after `filter` and sampling).',
    '`median` uses a correlated subquery (`percentile_cont(0.5)`), since PostgreSQL has no median window function; it reads the whole group for each row and is slow on large tables.',
  ],
});
