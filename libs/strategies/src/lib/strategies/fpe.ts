import { z } from 'zod';
import { strictObject } from '@confiture/domain';
import { createFf3_1, type Ff3_1Cipher } from '../ff3-1';
import {
  declareContract,
  defineStrategy,
  requireKeys,
  type StrategyContext,
  type Transform,
} from '../strategy-definition';

const RADIX_SYMBOLS = '0123456789abcdefghijklmnopqrstuvwxyz';

const options = strictObject({
  alphabet: z
    .string()
    .refine(
      (a) => {
        const chars = Array.from(a);
        return chars.length >= 2 && chars.length <= 65536 && new Set(chars).size === chars.length;
      },
      { message: 'must have 2..65536 distinct characters' },
    )
    .optional()
    .describe(
      'Characters that are encrypted (2..65536 distinct); every other character stays in place.',
    ),
  radix: z
    .number()
    .int()
    .min(2)
    .max(36)
    .optional()
    .describe('Shorthand for the alphabet `0-9a-z` cut to `radix` characters (2..36).'),
  tweak: z
    .string()
    .regex(/^[0-9a-fA-F]{14}$/, { message: 'must be 14 hex characters (56 bits)' })
    .optional()
    .describe('56-bit tweak as 14 hex characters; by default derived from the seed and key_id.'),
  key_id: z
    .string()
    .min(1)
    .default('default')
    .describe(
      'Names the key: keys are derived from the seed per key_id, so rotating key_id re-keys.',
    ),
  key_bits: z
    .union([z.literal(128), z.literal(192), z.literal(256)])
    .default(256)
    .describe('AES key size.'),
});

/** Options of {@link fpe}. */
export type FpeOptions = z.infer<typeof options>;

/** FF3-1 format-preserving encryption of the alphabet characters; separators stay in place. */
export const fpe = defineStrategy<FpeOptions>({
  type: 'fpe',
  description:
    'Encrypts the characters of `alphabet` (digits by default) with FF3-1 (NIST SP 800-38G Rev. 1, AES with a key derived from the seed per `key_id`), leaving every other character in place: `4111 1111 1111 1111` stays four groups of four digits. Reversible with the key.',
  options: options.refine((o) => !(o.alphabet && o.radix), {
    message: 'set alphabet or radix, not both',
    path: ['radix'],
  }) as unknown as z.ZodType<FpeOptions>,
  accepts: ['text'],
  contract: declareContract({
    reversible: true,
    formatPreserving: true,
    injective: true,
    needsSeed: true,
  }),
  maxOutputLength: (_o, inputMax) => inputMax,
  create: (o, ctx) => layoutTransform(cipherFor(o, ctx), alphabetOf(o), 'encryptNumerals'),
  createInverse: (o, ctx) => layoutTransform(cipherFor(o, ctx), alphabetOf(o), 'decryptNumerals'),
  example: { options: {}, input: '4111 1111 1111 1111' },
  notes: [
    'Lengths: FF3-1 needs radix^n ≥ 1,000,000 and n ≤ 2·⌊96/log₂ radix⌋ alphabet characters in a value: 6..56 digits for radix 10, 5..40 letters for radix 26. Shorter or longer values are a STRATEGY_VALUE error, never copied.',
    'FF3-1 is a permutation of the strings of each length under one key and tweak, so fpe is injective (no collisions at any size).',
    'Use it on text columns: numeric columns would drop leading zeros and could overflow.',
  ],
});

function alphabetOf(o: FpeOptions): string {
  return o.alphabet ?? RADIX_SYMBOLS.slice(0, o.radix ?? 10);
}

function cipherFor(o: FpeOptions, ctx: StrategyContext): Ff3_1Cipher {
  const keys = requireKeys('fpe', ctx);
  const key = keys.key(`fpe:key:${o.key_id}:${o.key_bits}`, o.key_bits / 8).toString('hex');
  const tweak = o.tweak ?? keys.key(`fpe:tweak:${o.key_id}`, 7).toString('hex');
  return createFf3_1(key, tweak, alphabetOf(o));
}

function layoutTransform(
  cipher: Ff3_1Cipher,
  alphabet: string,
  direction: 'encryptNumerals' | 'decryptNumerals',
): Transform {
  const symbols = Array.from(alphabet);
  const index = new Map(symbols.map((s, i) => [s, i]));
  const run = cipher[direction];
  return (value) => {
    if (value === null) return null;
    const chars = Array.from(value);
    const positions: number[] = [];
    const numerals: number[] = [];
    chars.forEach((ch, i) => {
      const n = index.get(ch);
      if (n !== undefined) {
        positions.push(i);
        numerals.push(n);
      }
    });
    const out = run(numerals);
    positions.forEach((p, i) => {
      chars[p] = symbols[out[i]!]!;
    });
    return chars.join('');
  };
}
