import { createHmac, hash as oneShotHash } from 'node:crypto';
import { z } from 'zod';
import { strictObject } from '@confiture/domain';
import { declareContract, defineStrategy, requireKeys } from '../strategy-definition';

const ALGORITHMS = ['hmac-sha256', 'hmac-sha512', 'sha256', 'sha512'] as const;

const options = strictObject({
  algorithm: z
    .enum(ALGORITHMS)
    .default('hmac-sha256')
    .describe('HMAC keyed by the seed, or SHA salted with a key derived from the seed.'),
  length: z
    .number()
    .int()
    .min(8)
    .max(128)
    .default(32)
    .describe('Hex characters kept (at most 64 for *256, 128 for *512).'),
  prefix: z.string().default('').describe('Text put before the hex digest.'),
});

/** Options of {@link hash}. */
export type HashOptions = z.infer<typeof options>;

/** Hex characters from which a hash is injective at 10 million values (96 bits, see docs). */
export const INJECTIVE_HEX_CHARS = 24;

/** Salted, keyed hash: HMAC-SHA256/512 keyed by the seed or SHA-256/512 salted by it. */
export const hash = defineStrategy<HashOptions>({
  type: 'hash',
  description:
    'Replaces the value with a keyed hash (HMAC-SHA256/512 keyed by the seed, or SHA-256/512 salted with a seed-derived salt), truncated to `length` hex characters.',
  options: options.refine((o) => o.length <= (o.algorithm.endsWith('512') ? 128 : 64), {
    message: 'length must be at most 64 for sha256 algorithms and 128 for sha512 ones',
    path: ['length'],
  }) as unknown as z.ZodType<HashOptions>,
  accepts: ['text', 'uuid'],
  contract: declareContract({ injective: true, needsSeed: true }),
  refineContract: (o) => ({ injective: o.length >= INJECTIVE_HEX_CHARS }),
  maxOutputLength: (o) => Array.from(o.prefix).length + o.length,
  uniqueAlternative: 'hash with length >= 24',
  create: (o, ctx) => {
    const keys = requireKeys('hash', ctx);
    const digest = digester(o.algorithm, keys);
    if (ctx.column.category === 'uuid') {
      // A uuid column gets 128 bits of the digest in uuid layout (prefix and length do not apply).
      return (value) => (value === null ? null : asUuid(digest(value)));
    }
    const { length, prefix } = o;
    return (value) => (value === null ? null : prefix + digest(value).slice(0, length));
  },
  example: { options: { algorithm: 'hmac-sha256', length: 32, prefix: 'h_' }, input: 'p@ssw0rd' },
  notes: [
    'Collision bound: with `length` L hex characters (4L bits), n distinct values collide with probability at most n²/2^(4L+1). At n = 10 million: L = 8 → ≈ 1 (certain), L = 16 → 2.7·10⁻⁶, L = 24 → 6.3·10⁻¹⁶, L = 32 (default) → 1.5·10⁻²⁵. The contract declares `hash` injective only from L = 24.',
    'On a `uuid` column the output is 128 bits of the digest in uuid layout.',
  ],
});

function digester(
  algorithm: HashOptions['algorithm'],
  keys: ReturnType<typeof requireKeys>,
): (value: string) => string {
  switch (algorithm) {
    case 'hmac-sha256': {
      const hmac = keys.hmac('hash:hmac-sha256');
      return (value) => hmac.hex(value);
    }
    case 'hmac-sha512': {
      const key = keys.key('hash:hmac-sha512', 64);
      return (value) => createHmac('sha512', key).update(value, 'utf8').digest('hex');
    }
    default: {
      const salt = keys.key(`hash:${algorithm}:salt`).toString('hex');
      return (value) => oneShotHash(algorithm, salt + value, 'hex');
    }
  }
}

function asUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
