import { z } from 'zod';
import { strictObject } from '@confiture/domain';
import { declareContract, defineStrategy } from '../strategy-definition';

const FIELDS = ['city', 'state', 'zip'] as const;

const options = strictObject({
  preserve_fields: z
    .array(z.enum(FIELDS))
    .default([])
    .describe(
      'Parts of a `street, city, ST zip` address that are kept; the street is always redacted.',
    ),
  replacement: z
    .string()
    .default('[REDACTED]')
    .describe('Text that replaces the street (and the whole address when nothing is kept).'),
});

/** Options of {@link address}. */
export type AddressOptions = z.infer<typeof options>;

const WHOLE = '[REDACTED ADDRESS]';
const STATE_ZIP = /^(?:(.*?)\s+)?([A-Za-z]{2})\s+(\d{5}(?:-\d{4})?)$|^(\d{5}(?:-\d{4})?)$/;

/** Redacts the street of an address; may keep city, state and zip. */
export const address = defineStrategy<AddressOptions>({
  type: 'address',
  description:
    'Redacts a postal address. With `preserve_fields`, keeps the city, state and/or zip of a `street, city, ST zip` address and redacts the rest.',
  options,
  accepts: ['text'],
  contract: declareContract({}),
  maxOutputLength: (o, inputMax) =>
    o.preserve_fields.length === 0
      ? WHOLE.length
      : inputMax === undefined
        ? undefined
        : inputMax + Array.from(o.replacement).length,
  create: (o) => {
    const keep = new Set(o.preserve_fields);
    const replacement = o.replacement;
    if (keep.size === 0) return (value) => (value === null ? null : WHOLE);
    return (value) => {
      if (value === null) return null;
      const parts = value.split(',').map((p) => p.trim());
      const last = parts.length >= 2 ? parts[parts.length - 1]! : '';
      const match = STATE_ZIP.exec(last);
      const city = parts.length >= 3 ? parts[parts.length - 2]! : match?.[1];
      const state = match?.[2];
      const zip = match?.[3] ?? match?.[4];
      const kept: string[] = [replacement];
      if (keep.has('city') && city) kept.push(city);
      const tail = [keep.has('state') ? state : undefined, keep.has('zip') ? zip : undefined]
        .filter((p): p is string => Boolean(p))
        .join(' ');
      if (tail) kept.push(tail);
      return kept.join(', ');
    };
  },
  example: {
    options: { preserve_fields: ['city', 'state', 'zip'] },
    input: '1234 Main St, San Francisco, CA 94102',
  },
  notes: [
    'An address that does not parse as `street, city, ST zip` keeps only what could be recognised; the street is never kept.',
  ],
});
