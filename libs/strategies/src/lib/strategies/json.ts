import { z } from 'zod';
import { strictObject } from '@confiture/domain';
import { createStrategy } from '../create-strategy';
import { applyJsonRules, parseJsonPath, type JsonRule } from '../json-document';
import { readNestedRule, type NestedRule } from '../nested-rule';
import {
  declareContract,
  defineStrategy,
  type StrategyContext,
  type Transform,
} from '../strategy-definition';

const options = strictObject({
  rules: z
    .array(z.record(z.string(), z.unknown()))
    .min(1)
    .describe('Rules applied inside the document: `{ path, strategy, ...options }` each.'),
});

/** Options of {@link json}. */
export type JsonOptions = z.infer<typeof options>;

/** Applies nested rules to JSONPath-like paths inside a json/jsonb value, leaving the rest as is. */
export const json = defineStrategy<JsonOptions>({
  type: 'json',
  description:
    'Applies nested rules to paths inside a json/jsonb value (`$.user.email`, `$.items[*].phone`, `$["a key"]`, `$..email`); every byte outside the selected values stays exactly as it was.',
  options,
  accepts: ['json', 'jsonb', 'text'],
  contract: declareContract({ leakCheck: false }),
  maxOutputLength: () => undefined,
  create: (o, ctx) =>
    createJsonTransform(o.rules.map(readNestedRule), (rule) =>
      createStrategy(rule.type, rule.options, { ...ctx, column: nestedColumn(ctx, rule) }),
    ),
  example: {
    options: {
      rules: [
        { path: '$.user.email', strategy: 'email' },
        { path: '$.items[*].phone', strategy: 'phone', mode: 'redact' },
      ],
    },
    input:
      '{"user": {"email": "ann@corp.com", "plan": "pro"}, "items": [{"phone": "+1 415 555 0132"}]}',
    columnType: 'jsonb',
  },
  notes: [
    'The document is scanned as text, not parsed and re-serialised: key order, spacing, number spelling and escapes outside the selected values are kept byte for byte.',
    'A selected string is handed to its strategy unescaped and written back as a JSON string; a number or boolean stays bare when the output is still one; null stays null; an object or array is handed over as JSON text and written back as a string. The first rule that selects a value wins.',
    "Nested rules use the column's seed unless they declare their own. Their contracts decide json's: the verifier's leak check is not applied to the whole document.",
  ],
});

/** The json transform for `rules`, each compiled by `compile`. */
export function createJsonTransform(
  rules: NestedRule[],
  compile: (rule: NestedRule) => Transform,
): Transform {
  const compiled: JsonRule[] = rules.map((rule) => ({
    path: parseJsonPath(rule.path),
    transform: compile(rule),
  }));
  return (value) => (value === null ? null : applyJsonRules(value, compiled));
}

/** The column a nested rule sees: its path inside the column, as text. */
export function nestedColumn(ctx: StrategyContext, rule: NestedRule): StrategyContext['column'] {
  return {
    name: `${ctx.column.name}${rule.path.slice(1)}`,
    type: 'text',
    category: 'text',
    isArray: false,
    notNull: false,
    unique: false,
  };
}
