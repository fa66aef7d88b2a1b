import { z } from 'zod';
import { strictObject } from '@confiture/domain';
import { drawName, FAKE_LOCALES, fakePools } from '../fake-data';
import { declareContract, defineStrategy, preparedWith, requireKeys } from '../strategy-definition';

const options = strictObject({
  format: z
    .enum(['full', 'first', 'last'])
    .optional()
    .describe('full ("Ada Lovelace"), first or last; by default inferred from the column name.'),
  preserve_initial: z
    .boolean()
    .default(false)
    .describe(
      'The fake name starts with the same letter as the original (per part for full names).',
    ),
  locale: z.enum(FAKE_LOCALES).default('en').describe('Faker locale whose names are drawn.'),
});

/** Options of {@link name}. */
export type NameOptions = z.infer<typeof options>;

/** A realistic fake name drawn from faker's locale data, keyed by HMAC-SHA256 of the value. */
export const name = defineStrategy<NameOptions>({
  type: 'name',
  description:
    "Replaces a name with a realistic fake one drawn from @faker-js/faker's locale data by HMAC-SHA256 of the value: deterministic, never the original.",
  options,
  accepts: ['text'],
  contract: declareContract({ needsSeed: true, leakCheck: false }),
  maxOutputLength: (o) => {
    const pools = fakePools(o.locale);
    const first = longest(pools.firstNames);
    const last = longest(pools.lastNames);
    return o.format === 'first' ? first : o.format === 'last' ? last : first + 1 + last;
  },
  uniqueAlternative: 'tokenize',
  create: (o, ctx) => {
    const hmac = requireKeys('name', ctx).hmac('name');
    const pools = fakePools(o.locale);
    const format = o.format ?? formatFromColumn(ctx.column.name);
    const initial = o.preserve_initial;
    return preparedWith((value) => {
      if (value === null) return null;
      const bytes = hmac.bytes(value);
      // Split into words only when the initials matter: this is the hot path of a sync.
      const words = initial ? value.trim().split(/\s+/) : EMPTY;
      if (format === 'full') {
        const first = drawName(
          pools.firstNames,
          pools.firstByInitial,
          bytes,
          0,
          initial ? words[0] : undefined,
        );
        const last = drawName(
          pools.lastNames,
          pools.lastByInitial,
          bytes,
          8,
          initial ? words[words.length - 1] : undefined,
        );
        const full = `${first} ${last}`;
        return full === value
          ? `${first} ${drawName(pools.lastNames, pools.lastByInitial, bytes, 16, undefined, last)}`
          : full;
      }
      const [pool, index] =
        format === 'first'
          ? [pools.firstNames, pools.firstByInitial]
          : [pools.lastNames, pools.lastByInitial];
      return drawName(pool, index, bytes, 0, initial ? value : undefined, value);
    }, hmac);
  },
  example: { options: { format: 'full' }, input: 'John Doe' },
  notes: [
    'Without `format`, a column whose name mentions first/given names gets first names, one that mentions last/family/surnames gets last names, any other full names.',
    'Realistic names overlap real ones by design, so the leak check does not apply; each value is still guaranteed to differ from its own original.',
    'With `preserve_initial`, a letter no name of the locale starts with falls back to the whole list.',
  ],
});

const EMPTY: string[] = [];

function formatFromColumn(column: string): 'full' | 'first' | 'last' {
  if (/first|given|fore/i.test(column)) return 'first';
  if (/last|family|sur/i.test(column)) return 'last';
  return 'full';
}

function longest(names: readonly string[]): number {
  return names.reduce((max, n) => Math.max(max, Array.from(n).length), 0);
}
