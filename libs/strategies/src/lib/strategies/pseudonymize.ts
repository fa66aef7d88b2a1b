import { z } from 'zod';
import { strictObject } from '@confiture/domain';
import { asciiSlug, drawIndex, FAKE_LOCALES, fakePools, type FakePools } from '../fake-data';
import { declareContract, defineStrategy, preparedWith, requireKeys } from '../strategy-definition';

const KINDS = [
  'name',
  'first_name',
  'last_name',
  'email',
  'username',
  'phone',
  'company',
  'city',
  'state',
  'street',
  'zip',
] as const;

const options = strictObject({
  kind: z.enum(KINDS).describe('What kind of value to fake.'),
  locale: z.enum(FAKE_LOCALES).default('en').describe('Faker locale whose word lists are used.'),
});

/** Options of {@link pseudonymize}. */
export type PseudonymizeOptions = z.infer<typeof options>;

type Maker = (bytes: string, pools: FakePools) => string;

const MAKERS: Record<(typeof KINDS)[number], Maker> = {
  name: (b, p) => `${at(p.firstNames, b, 0)} ${at(p.lastNames, b, 4)}`,
  first_name: (b, p) => at(p.firstNames, b, 0),
  last_name: (b, p) => at(p.lastNames, b, 4),
  email: (b, p) =>
    `${slug(at(p.firstNames, b, 0), 'user')}.${slug(at(p.lastNames, b, 4), 'name')}${num(b, 8, 100)}@${at(RESERVED_DOMAINS, b, 12)}`,
  username: (b, p) =>
    `${slug(at(p.firstNames, b, 0), 'user')}${slug(at(p.lastNames, b, 4), '').slice(0, 1)}${num(b, 8, 1000)}`,
  // 555-0100..0199 are the North-American numbers reserved for fiction.
  phone: (b) => `(${200 + num(b, 0, 800)}) 555-01${String(num(b, 4, 100)).padStart(2, '0')}`,
  company: (b, p) => `${at(p.lastNames, b, 0)} ${at(p.companySuffixes, b, 4)}`,
  city: (b, p) => at(p.cities, b, 0),
  state: (b, p) => at(p.states, b, 0),
  street: (b, p) => `${1 + num(b, 0, 9999)} ${at(p.lastNames, b, 4)} ${at(p.streetSuffixes, b, 8)}`,
  zip: (b) => String(num(b, 0, 100000)).padStart(5, '0'),
};

/** Domains reserved for documentation (RFC 2606): a fake address can never reach anyone. */
const RESERVED_DOMAINS = ['example.com', 'example.net', 'example.org'];

/** A consistent, realistic fake of a kind (name, email, phone, company, city...). */
export const pseudonymize = defineStrategy<PseudonymizeOptions>({
  type: 'pseudonymize',
  description:
    "Replaces the value with a consistent, realistic fake of the given `kind` built from @faker-js/faker's locale data, keyed by HMAC-SHA256 of the value.",
  options,
  accepts: ['text'],
  contract: declareContract({ needsSeed: true, leakCheck: false }),
  maxOutputLength: () => undefined,
  uniqueAlternative: 'tokenize (or email for addresses)',
  create: (o, ctx) => {
    const hmac = requireKeys('pseudonymize', ctx).hmac(`pseudonymize:${o.kind}`);
    const pools = fakePools(o.locale);
    const make = MAKERS[o.kind];
    return preparedWith((value) => {
      if (value === null) return null;
      const bytes = hmac.bytes(value);
      const fake = make(bytes, pools);
      // Never the original: draw again from the other half of the digest.
      return fake === value ? make(bytes.slice(16) + bytes.slice(0, 16), pools) : fake;
    }, hmac);
  },
  example: { options: { kind: 'company' }, input: 'Acme Corporation' },
  notes: [
    'Kinds: ' +
      KINDS.join(', ') +
      '. Emails use the reserved example.com/net/org domains; phones use the fictional 555-01xx range.',
    'Not injective (realistic values repeat): use `email`, `hash` or `tokenize` on UNIQUE columns.',
  ],
});

function at(list: readonly string[], bytes: string, offset: number): string {
  return list[drawIndex(bytes, offset, list.length)]!;
}

function num(bytes: string, offset: number, modulo: number): number {
  return drawIndex(bytes, offset, modulo);
}

function slug(text: string, fallback: string): string {
  return asciiSlug(text) || fallback;
}
