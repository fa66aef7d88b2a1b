import { z } from 'zod';
import { strictObject } from '@confiture/domain';
import { declareContract, defineStrategy, type SqlSource } from '../strategy-definition';

const FUNCTION_NAME =
  /^(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+")(?:\.(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+"))?$/;

const options = strictObject({
  expression: z
    .string()
    .refine((e) => e.includes('{column}'), { message: 'must use {column} for the column' })
    .optional()
    .describe(
      'SQL expression evaluated in the source query; `{column}` stands for the quoted column.',
    ),
  function: z
    .string()
    .refine((f) => FUNCTION_NAME.test(f.trim()), {
      message:
        'must be the name of an existing SQL function (e.g. anonymize_cc_last4); Confiture never runs CREATE FUNCTION or other DDL from a profile',
    })
    .optional()
    .describe('Name of an existing SQL function, called as `<function>({column})`.'),
});

/** Options of {@link custom}. */
export type CustomOptions = z.infer<typeof options>;

/** A SQL expression (or function call) evaluated in the source query instead of the column. */
export const custom = defineStrategy<CustomOptions>({
  type: 'custom',
  description:
    'Replaces the column in the source query by a SQL expression (`expression` with `{column}`, or `function: name` meaning `name({column})`), evaluated by PostgreSQL on the source.',
  options: options.refine((o) => (o.expression === undefined) !== (o.function === undefined), {
    message: 'set exactly one of expression or function',
  }) as unknown as z.ZodType<CustomOptions>,
  accepts: 'any',
  contract: declareContract({ deterministic: false, keepsNull: false }),
  maxOutputLength: () => undefined,
  sql: (o, quotedColumn, source?: SqlSource) => {
    const expression =
      o.expression !== undefined
        ? o.expression.split('{column}').join(quotedColumn)
        : `${o.function!.trim()}({column})`.replace('{column}', quotedColumn);
    return source?.columnType ? `((${expression})::${source.columnType})` : `(${expression})`;
  },
  example: { options: { expression: "'****' || right({column}, 4)" }, input: '4111111111111111' },
  notes: [
    'The sync puts the expression in the SELECT list of its `COPY (SELECT ...) TO STDOUT` on the source, cast back to the column type; it never reaches JavaScript. Pre-flight parses the expression with PostgreSQL’s grammar and refuses anything but one expression over the row (no subquery, no `;`), and any function or operator that is not IMMUTABLE or STABLE on the source (see [profile.md](profile.md#profile-sql-is-checked-before-it-runs)).',
    'The contract is conservative (not deterministic, not injective, NULL not guaranteed) because the expression is arbitrary; the leak check applies.',
  ],
});
