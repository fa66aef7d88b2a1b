import { z } from 'zod';
import { strictObject } from '@confiture/domain';
import { drawName, FAKE_LOCALES, fakePools } from '../fake-data';
import { findPersonNames, type NameMatch } from '../person-names';
import { findPiiInText, PII_DETECTORS, type PiiDetector } from '../pii-patterns';
import {
  declareContract,
  defineStrategy,
  requireKeys,
  type StrategyContext,
} from '../strategy-definition';

/** text_scrub's detectors: the validated patterns, and person names. */
export const TEXT_SCRUB_DETECTORS = [...PII_DETECTORS, 'person_name'] as const;

/** One of {@link TEXT_SCRUB_DETECTORS}. */
export type TextScrubDetector = (typeof TEXT_SCRUB_DETECTORS)[number];

const LABELS: Record<TextScrubDetector, string> = {
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
  person_name: '[NAME]',
};

const options = strictObject({
  detectors: z
    .array(z.enum(TEXT_SCRUB_DETECTORS))
    .min(1)
    .default([...TEXT_SCRUB_DETECTORS])
    .describe('Which kinds of personal data are found and replaced (`person_name` for names).'),
  names: z
    .enum(['label', 'fake'])
    .default('label')
    .describe(
      'How a person name is replaced: `[NAME]`, or a fake name per word (given names by given names, surnames by surnames), the same for the same word under the seed as the `name` strategy gives.',
    ),
  locale: z
    .enum(FAKE_LOCALES)
    .default('en')
    .describe('Faker locale whose names replace names with `names: fake`.'),
});

/** Options of {@link textScrub}. */
export type TextScrubOptions = z.infer<typeof options>;

/** Replaces the personal data that validated patterns find inside free text by labels. */
export const textScrub = defineStrategy<TextScrubOptions>({
  type: 'text_scrub',
  description:
    'Finds emails, phone numbers (international, North-American and national layouts such as `06 12 34 56 78`), national ids (US SSN, UK NINO, French NIR), card numbers (issuer range and Luhn), IBANs (country length and mod-97), IPv4 and IPv6 addresses, street addresses and person names inside free text and replaces each with a label such as `[EMAIL]` or `[NAME]` (names optionally by consistent fake names); the rest of the text is left exactly as it was.',
  options,
  accepts: ['text', 'json', 'jsonb'],
  contract: declareContract({ leakCheck: false }),
  refineContract: (o) => ({ needsSeed: fakesNames(o) }),
  maxOutputLength: () => undefined,
  create: (o, ctx) => {
    const detectors = o.detectors.filter((d): d is PiiDetector => d !== 'person_name');
    const replaceNames = o.detectors.includes('person_name')
      ? nameReplacer(o, ctx)
      : (text: string) => text;
    const scrubOnce = (text: string): string | undefined => {
      if (detectors.length === 0) return undefined;
      // SSN shapes the SSA never issues go too: for a scrubber, what looks like an id is one.
      const matches = findPiiInText(text, detectors, { idShapes: true });
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
      // Names once, after the patterns: a fake name is a name, and must not be replaced again.
      return replaceNames(text);
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
      'Spoke with James Lopez: call +1 415-555-0132 or 06 12 34 56 78, mail jane@corp.com; card 4111 1111 1111 1111, NINO AB 12 34 56 C, IP 10.0.0.7 or 2001:db8::42, ship to 12 rue de la Paix. Best, Tom',
  },
  notes: [
    'Labels: ' + [...new Set(Object.values(LABELS))].join(', ') + '.',
    'On json and jsonb columns only the string values of the document are scrubbed, decoded first and re-encoded after (so an escape such as `\\n` before an address stays intact); keys, numbers and layout are left byte for byte.',
    "The detectors are the ones PII detection and the verifier's leak scan use (`findPiiInText`), so a scrubbed text holds nothing the leak scan counts for the detectors chosen.",
    'SSN-shaped numbers are replaced even when the SSA never issues them (078-05-1120, areas 000, 666 and 900–999, group 00, serial 0000): for a scrubber a value that looks like an id is one. The leak scan keeps counting valid SSNs only.',
    'Person names (`person_name`, on by default) are found by `findPersonNames` with its recall tuning: the given names and surnames of the English, French, German, Spanish, Italian, Portuguese and Dutch faker locales, combined with capitalisation and the cues of real text (titles such as Mr, Frau, Mme, Sra.; "my name is", "je m\'appelle", "ich heiße"; greetings "Hi Anna,", "Dear Mr Smith"; signatures "Best, Tom"; initials). Titles are kept ("Dear Mr [NAME]"). Words that are also common words, months, places or car makes ("Will", "May", "Jaguar", "Grant Street") count only where the text presents a person. In English, an unlisted capitalised word in mid-sentence counts too; in other languages an unlisted name is found only after a title, an introduction, a greeting or in a signature. Names written in lower case are not found. See docs/governance.md for the measured precision and recall.',
    'With `names: fake` each word of a name is replaced by a fake drawn by HMAC-SHA256 of the word under the seed, with the same key as the `name` strategy: "James" becomes the fake first name that `name` with `format: first` gives for "James", wherever it appears. Initials and particles are kept. It needs a seed.',
    'Dates of birth stay: patterns cannot find them reliably. The leak check does not apply to the whole value.',
  ],
});

function fakesNames(o: TextScrubOptions): boolean {
  return o.names === 'fake' && o.detectors.includes('person_name');
}

/** Replaces the person names of a text by `[NAME]`, or word by word by fakes of the same role. */
function nameReplacer(o: TextScrubOptions, ctx: StrategyContext): (text: string) => string {
  if (!fakesNames(o)) {
    return (text) => replaceSpans(text, findPersonNames(text, 'recall'), () => LABELS.person_name);
  }
  const hmac = requireKeys('text_scrub', ctx).hmac('name');
  const pools = fakePools(o.locale);
  const fake = (word: string, given: boolean): string => {
    const [pool, index] = given
      ? [pools.firstNames, pools.firstByInitial]
      : [pools.lastNames, pools.lastByInitial];
    return drawName(pool, index, hmac.bytes(word), 0, undefined, word);
  };
  return (text) => {
    const parts = findPersonNames(text, 'recall')
      .flatMap((m: NameMatch) => m.parts)
      .filter((p) => p.role !== 'initial');
    return replaceSpans(text, parts, (p) => fake(text.slice(p.start, p.end), p.role === 'given'));
  };
}

/** `text` with each span (sorted, not overlapping) replaced by what `by` gives for it. */
function replaceSpans<S extends { start: number; end: number }>(
  text: string,
  spans: readonly S[],
  by: (span: S) => string,
): string {
  if (spans.length === 0) return text;
  let out = '';
  let from = 0;
  for (const span of spans) {
    out += text.slice(from, span.start) + by(span);
    from = span.end;
  }
  return out + text.slice(from);
}

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
