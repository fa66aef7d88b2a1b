import { z } from 'zod';
import { strictObject } from '@confiture/domain';
import { findPii, PII_KINDS, type PiiKind } from '../pii-detectors';
import { declareContract, defineStrategy } from '../strategy-definition';

const LABELS: Record<PiiKind, string> = {
  email: '[EMAIL]',
  card: '[CARD]',
  iban: '[IBAN]',
  ssn: '[SSN]',
  phone: '[PHONE]',
  ipv4: '[IP]',
};

const options = strictObject({
  detectors: z
    .array(z.enum(PII_KINDS))
    .min(1)
    .default([...PII_KINDS])
    .describe('Which kinds of personal data are found and replaced.'),
});

/** Options of {@link textScrub}. */
export type TextScrubOptions = z.infer<typeof options>;

/** Replaces emails, phones, SSNs, cards, IBANs and IPv4 addresses inside free text by labels. */
export const textScrub = defineStrategy<TextScrubOptions>({
  type: 'text_scrub',
  description:
    'Finds emails, phone numbers, US SSNs, Luhn-valid card numbers, IBANs (mod-97 checksum) and IPv4 addresses inside free text and replaces each with a label such as `[EMAIL]`; the rest of the text is left exactly as it was.',
  options,
  accepts: ['text', 'json', 'jsonb'],
  contract: declareContract({ leakCheck: false }),
  maxOutputLength: () => undefined,
  create: (o) => {
    const kinds = o.detectors;
    return (value) => {
      if (value === null) return null;
      const matches = findPii(value, kinds);
      if (matches.length === 0) return value;
      let out = '';
      let from = 0;
      for (const m of matches) {
        out += value.slice(from, m.start) + LABELS[m.kind];
        from = m.end;
      }
      return out + value.slice(from);
    };
  },
  example: {
    options: {},
    input: 'Call +1 415-555-0132 or mail jane@corp.com; card 4111 1111 1111 1111, IP 10.0.0.7.',
  },
  notes: [
    'Labels: ' +
      Object.values(LABELS).join(', ') +
      '. They contain no quote or backslash, so JSON text stays valid.',
    'Free text keeps other PII (names, addresses) that patterns cannot find reliably; the leak check does not apply to the whole value, and the verifier scans the target with the same detectors.',
  ],
});
