import { z } from 'zod';
import { strictObject } from '@confiture/domain';
import { declareContract, defineStrategy } from '../strategy-definition';
import { isValidTextFor } from '../value-syntax';

const options = strictObject({
  replacement: z.string().default('[REDACTED]').describe('Text written instead of every value.'),
  preserve_format: z
    .boolean()
    .default(false)
    .describe('Keep the layout: letters become x/X, digits 0, everything else stays.'),
});

/** Options of {@link redact}. */
export type RedactOptions = z.infer<typeof options>;

/** Replaces a value by a fixed text, or by its shape (letters → x/X, digits → 0). */
export const redact = defineStrategy<RedactOptions>({
  type: 'redact',
  description:
    'Replaces every value with a fixed replacement, or keeps only its shape (letters → x/X, digits → 0).',
  options,
  accepts: 'any',
  contract: declareContract({}),
  refineContract: (o) => ({ formatPreserving: o.preserve_format }),
  maxOutputLength: (o, inputMax) =>
    o.preserve_format ? inputMax : Array.from(o.replacement).length,
  checkColumn: (o, column) =>
    o.preserve_format || isValidTextFor(o.replacement, column.category)
      ? []
      : [
          {
            message: `replacement ${JSON.stringify(o.replacement)} is not a valid ${column.category} value`,
            hint: `Give a replacement that is a valid ${column.type} literal, or use suppress/generalize.`,
          },
        ],
  create: (o) => {
    if (!o.preserve_format) {
      const replacement = o.replacement;
      return (value) => (value === null ? null : replacement);
    }
    return (value) => (value === null ? null : shapeOf(value));
  },
  example: { options: { replacement: '***-**-****' }, input: '123-45-6789' },
});

/** Letters → x/X (keeping case), digits → 0, anything else (separators, symbols) unchanged. */
function shapeOf(value: string): string {
  return value.replace(/\p{Lu}|\p{Lt}|\p{L}|\p{Nd}/gu, (c) =>
    /\p{Nd}/u.test(c) ? '0' : c === c.toLowerCase() && c !== c.toUpperCase() ? 'x' : 'X',
  );
}
