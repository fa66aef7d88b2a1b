import { z } from 'zod';
import { strictObject } from '@confiture/domain';
import { declareContract, defineStrategy } from '../strategy-definition';

const regexSource = z.string().refine(
  (source) => {
    try {
      new RegExp(source, 'u');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be a valid regular expression' },
);

const options = strictObject({
  preserve_start_chars: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe('Characters kept at the start.'),
  preserve_end_chars: z.number().int().min(0).default(4).describe('Characters kept at the end.'),
  mask_char: z
    .string()
    .refine((c) => Array.from(c).length === 1, { message: 'must be exactly one character' })
    .default('*')
    .describe('The character written over masked characters.'),
  retain_patterns: z
    .array(regexSource)
    .default([])
    .describe("Regular expressions whose matches are kept (e.g. `@.*$` keeps an email's domain)."),
});

/** Options of {@link mask}. */
export type MaskOptions = z.infer<typeof options>;

/** Masks characters with `mask_char`, keeping start/end characters and retained patterns. */
export const mask = defineStrategy<MaskOptions>({
  type: 'mask',
  description:
    'Overwrites characters with `mask_char`, keeping `preserve_start_chars` at the start, `preserve_end_chars` at the end and whatever `retain_patterns` match.',
  options,
  accepts: ['text'],
  contract: declareContract({ formatPreserving: true }),
  maxOutputLength: (_o, inputMax) => inputMax,
  create: (o) => {
    const start = o.preserve_start_chars;
    const end = o.preserve_end_chars;
    const maskChar = o.mask_char;
    const retain =
      o.retain_patterns.length > 0
        ? new RegExp(o.retain_patterns.map((p) => `(?:${p})`).join('|'), 'gu')
        : undefined;
    return (value) => {
      if (value === null) return null;
      const chars = Array.from(value);
      const n = chars.length;
      const kept = new Uint8Array(n);
      // A value no longer than the kept ends is masked whole: keeping it would copy it as is.
      if (n > start + end) {
        for (let i = 0; i < start; i++) kept[i] = 1;
        for (let i = n - end; i < n; i++) kept[i] = 1;
      }
      if (retain) markRetained(value, retain, kept);
      let out = '';
      for (let i = 0; i < n; i++) out += kept[i] ? chars[i] : maskChar;
      return out;
    };
  },
  example: {
    options: { preserve_start_chars: 1, preserve_end_chars: 0, retain_patterns: ['@.*$'] },
    input: 'john.doe@example.com',
  },
  notes: [
    'Lengths count Unicode code points, so masking never splits a character.',
    'A value no longer than `preserve_start_chars + preserve_end_chars` is masked entirely.',
  ],
});

/** Marks the code points covered by matches of `retain` in `kept`. */
function markRetained(value: string, retain: RegExp, kept: Uint8Array): void {
  retain.lastIndex = 0;
  for (const match of value.matchAll(retain)) {
    if (match[0].length === 0) continue;
    const first = Array.from(value.slice(0, match.index)).length;
    const count = Array.from(match[0]).length;
    for (let i = first; i < first + count; i++) kept[i] = 1;
  }
}
