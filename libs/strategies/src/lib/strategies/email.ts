import { z } from 'zod';
import { strictObject } from '@confiture/domain';
import { declareContract, defineStrategy, preparedWith, requireKeys } from '../strategy-definition';

/** Hex characters of the HMAC in the local part: 96 bits, injective at 10 million values. */
const HASH_CHARS = 24;
const LOCAL_PREFIX = 'user_';

const options = strictObject({
  domain: z
    .string()
    .regex(
      /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/,
      {
        message: 'must be a domain name such as anon.local',
      },
    )
    .default('anon.local')
    .describe('Domain of every anonymized address.'),
  preserve_domain: z
    .boolean()
    .default(false)
    .describe(
      'Keep the original domain (for testing delivery rules); the local part is still replaced.',
    ),
});

/** Options of {@link email}. */
export type EmailOptions = z.infer<typeof options>;

/** `user_<24 hex of HMAC-SHA256>@anon.local`: deterministic, injective, never the original. */
export const email = defineStrategy<EmailOptions>({
  type: 'email',
  description:
    'Replaces an address with `user_<hash>@<domain>`, the hash being 24 hex characters (96 bits) of HMAC-SHA256 of the whole value.',
  options,
  accepts: ['text'],
  contract: declareContract({ injective: true, needsSeed: true }),
  maxOutputLength: (o) =>
    o.preserve_domain ? undefined : LOCAL_PREFIX.length + HASH_CHARS + 1 + o.domain.length,
  create: (o, ctx) => {
    const hmac = requireKeys('email', ctx).hmac('email');
    const suffix = `@${o.domain}`;
    if (!o.preserve_domain) {
      return preparedWith(
        (value) => (value === null ? null : LOCAL_PREFIX + hmac.hex(value, HASH_CHARS) + suffix),
        hmac,
      );
    }
    return preparedWith((value) => {
      if (value === null) return null;
      const at = value.lastIndexOf('@');
      const domain = at >= 0 ? value.slice(at + 1).trim() : '';
      // A value with no usable domain gets the configured one rather than failing the sync.
      const tail = domain && !/[\s@"]/.test(domain) ? `@${domain}` : suffix;
      return LOCAL_PREFIX + hmac.hex(value, HASH_CHARS) + tail;
    }, hmac);
  },
  example: { options: { domain: 'anon.local' }, input: 'john.doe@gmail.com' },
  notes: [
    'The hash covers the whole value, case included: `John@x.com` and `john@x.com` stay distinct (they may both exist in a UNIQUE column).',
    'Collision bound: 96 bits, so 10 million distinct addresses collide with probability below n²/2⁹⁷ ≈ 6.3·10⁻¹⁶.',
    'With `preserve_domain`, a value with no `@domain` gets the configured domain.',
  ],
});
