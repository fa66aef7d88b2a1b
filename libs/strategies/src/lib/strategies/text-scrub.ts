import { z } from 'zod';
import { strictObject } from '@confiture/domain';
import { findPiiInText, PII_DETECTORS, type PiiDetector } from '../pii-patterns';
import { declareContract, defineStrategy } from '../strategy-definition';

const LABELS: Record<PiiDetector, string> = {
  email: '[EMAIL]',
  card: '[CARD]',
  iban: '[IBAN]',
  ssn: '[SSN]',
  nino: '[NINO]',
  nir: '[NIR]',
  phone: '[PHONE]',
  ipv4: '[IP]',
  ipv6: '[IP]',
  postal_address: '[ADDRESS]',
};

const options = strictObject({
  detectors: z
    .array(z.enum(PII_DETECTORS))
    .min(1)
    .default([...PII_DETECTORS])
    .describe('Which kinds of personal data are found and replaced.'),
});

/** Options of {@link textScrub}. */
export type TextScrubOptions = z.infer<typeof options>;

/** Replaces the personal data that validated patterns find inside free text by labels. */
export const textScrub = defineStrategy<TextScrubOptions>({
  type: 'text_scrub',
  description:
    'Finds emails, phone numbers (international, North-American and national layouts such as `06 12 34 56 78`), national ids (US SSN, UK NINO, French NIR), card numbers (issuer range and Luhn), IBANs (country length and mod-97), IPv4 and IPv6 addresses and street addresses inside free text and replaces each with a label such as `[EMAIL]`; the rest of the text is left exactly as it was.',
  options,
  accepts: ['text', 'json', 'jsonb'],
  contract: declareContract({ leakCheck: false }),
  maxOutputLength: () => undefined,
  create: (o, ctx) => {
    const detectors = o.detectors;
    const scrubOnce = (text: string): string | undefined => {
      const matches = findPiiInText(text, detectors);
      if (matches.length === 0) return undefined;
      let out = '';
      let from = 0;
      for (const m of matches) {
        out += text.slice(from, m.start) + LABELS[m.detector];
        from = m.end;
      }
      return out + text.slice(from);
    };
    const scrub = (value: string): string => {
      // A match can hide another one next to it ("jane@corp.com+33 6 12 34 56 78": the phone
      // is glued to a letter); once replaced by a label, the other one shows. Labels are never
      // part of a match, so each pass removes text and the loop ends; the bound is a safeguard.
      let text = value;
      for (let pass = 0; pass < 8; pass++) {
        const next = scrubOnce(text);
        if (next === undefined) break;
        text = next;
      }
      return text;
    };
    const category = ctx.column.category;
    if (category === 'json' || category === 'jsonb') {
      return (value) => (value === null ? null : scrubJsonStrings(value, scrub));
    }
    return (value) => (value === null ? null : scrub(value));
  },
  example: {
    options: {},
    input:
      'Call +1 415-555-0132 or 06 12 34 56 78, mail jane@corp.com; card 4111 1111 1111 1111, NINO AB 12 34 56 C, IP 10.0.0.7 or 2001:db8::42, ship to 12 rue de la Paix.',
  },
  notes: [
    'Labels: ' + [...new Set(Object.values(LABELS))].join(', ') + '.',
    'On json and jsonb columns only the string values of the document are scrubbed, decoded first and re-encoded after (so an escape such as `\\n` before an address stays intact); keys, numbers and layout are left byte for byte.',
    "The detectors are the ones PII detection and the verifier's leak scan use (`findPiiInText`), so a scrubbed text holds nothing the leak scan counts for the detectors chosen.",
    'Free text keeps other PII (names, dates of birth) that patterns cannot find reliably; the leak check does not apply to the whole value.',
  ],
});

/**
 * Applies `scrub` to the decoded value of every JSON string that is not an object key, re-encoding
 * only the strings it changes; every other byte of `json` stays as it was.
 */
function scrubJsonStrings(json: string, scrub: (text: string) => string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < json.length; i++) {
    if (json[i] !== '"') continue;
    let end = i + 1;
    while (end < json.length && json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
    const literal = json.slice(i, end + 1);
    let after = end + 1;
    while (after < json.length && /\s/.test(json[after]!)) after++;
    if (json[after] !== ':') {
      let decoded: unknown;
      try {
        decoded = JSON.parse(literal);
      } catch {
        decoded = undefined;
      }
      if (typeof decoded === 'string') {
        const scrubbed = scrub(decoded);
        if (scrubbed !== decoded) {
          out += json.slice(copied, i) + JSON.stringify(scrubbed);
          copied = end + 1;
        }
      }
    }
    i = end;
  }
  return copied === 0 ? json : out + json.slice(copied);
}
