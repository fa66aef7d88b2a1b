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
  create: (o) => {
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
    return (value) => {
      if (value === null) return null;
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
  },
  example: {
    options: {},
    input:
      'Call +1 415-555-0132 or 06 12 34 56 78, mail jane@corp.com; card 4111 1111 1111 1111, NINO AB 12 34 56 C, IP 10.0.0.7 or 2001:db8::42, ship to 12 rue de la Paix.',
  },
  notes: [
    'Labels: ' +
      [...new Set(Object.values(LABELS))].join(', ') +
      '. They contain no quote or backslash, so JSON text stays valid.',
    "The detectors are the ones PII detection and the verifier's leak scan use (`findPiiInText`), so a scrubbed text holds nothing the leak scan counts for the detectors chosen.",
    'Free text keeps other PII (names, dates of birth) that patterns cannot find reliably; the leak check does not apply to the whole value.',
  ],
});
