/**
 * Personal data recognised by validated patterns: whole-value checks (`isEmail`, `isIban`, ...) and
 * {@link findPiiInText}, which finds it inside free text. The text_scrub strategy replaces what
 * these find, and the governance library's PII detection and post-sync leak scan look with the
 * same finders, so text_scrub leaves nothing the leak scan would count for the kinds it scrubs.
 */

/** Kinds found by pattern inside text (names and dates of birth cannot be found that way). */
export const TEXT_KINDS = [
  'email',
  'card_number',
  'iban',
  'national_id',
  'phone',
  'ip_address',
  'postal_address',
] as const;

/** One of {@link TEXT_KINDS}. */
export type TextKind = (typeof TEXT_KINDS)[number];

/**
 * The detectors, each one shape of one kind: a national id is a US SSN, a UK NINO or a French NIR,
 * an IP address is IPv4 or IPv6. text_scrub's `detectors` option names them.
 */
export const PII_DETECTORS = [
  'email',
  'card',
  'iban',
  'ssn',
  'nino',
  'nir',
  'phone',
  'ipv4',
  'ipv6',
  'postal_address',
] as const;

/** One of {@link PII_DETECTORS}. */
export type PiiDetector = (typeof PII_DETECTORS)[number];

/** Personal data found in a text: its kind, its detector and UTF-16 span (never its value). */
export interface PatternMatch {
  kind: TextKind;
  detector: PiiDetector;
  start: number;
  end: number;
}

/** Luhn checksum of a string of digits. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * The card network whose issuer ranges and lengths `digits` fits (Visa, Mastercard, Amex, Discover,
 * JCB, Diners, UnionPay, Mir, RuPay, Troy, Maestro), or undefined. Luhn is checked separately.
 */
export function cardNetwork(digits: string): string | undefined {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  if (digits[0] === '4' && (n === 13 || n === 16 || n === 19)) return 'visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && n === 16) return 'mastercard';
  if ((p2 === 34 || p2 === 37) && n === 15) return 'amex';
  if ((p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649)) && n >= 16 && n <= 19)
    return 'discover';
  if (p4 >= 3528 && p4 <= 3589 && n >= 16 && n <= 19) return 'jcb';
  if (((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) && n >= 14 && n <= 19)
    return 'diners';
  if (p2 === 62 && n >= 16 && n <= 19) return 'unionpay';
  if (p4 >= 2200 && p4 <= 2204 && n >= 16 && n <= 19) return 'mir';
  if ((p2 === 81 || p2 === 82) && n === 16) return 'rupay';
  if (p4 === 9792 && n === 16) return 'troy';
  if ((p2 === 50 || (p2 >= 56 && p2 <= 69)) && n >= 12 && n <= 19) return 'maestro';
  return undefined;
}

/**
 * How card numbers are written: 12–19 digits in one run, or in groups of four (the last one
 * shorter) or Amex/Diners' 4-6-5 and 4-6-4, with one separator throughout (space or dash).
 * "1 234 567 890 123" or "12-34-56-78-90-12-34" is some other number.
 */
const CARD_LAYOUT = String.raw`\d{12,19}|\d{4}([ -])\d{4}\1\d{4}(?:\1\d{4}\1\d{1,3}|\1\d{1,4})?|\d{4}([ -])\d{6}\2\d{4,5}`;
const CARD_WHOLE = new RegExp(`^(?:${CARD_LAYOUT})$`);

/**
 * A card number: written as cards are ({@link CARD_LAYOUT}), 12–19 digits of a known issuer range
 * and length ({@link cardNetwork}), and Luhn-valid.
 */
export function isCardNumber(text: string): boolean {
  if (!CARD_WHOLE.test(text)) return false;
  const digits = text.replace(/[ -]/g, '');
  return cardNetwork(digits) !== undefined && luhnValid(digits);
}

/**
 * IBAN length per country: the ISO 13616 registry (release 2024), and the countries whose banks
 * issue IBANs outside it with an agreed length (Nordea's list: West and Central Africa, Iran, ...).
 */
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AO: 25,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BJ: 28,
  BR: 29,
  BY: 28,
  CH: 21,
  CI: 28,
  CM: 27,
  CR: 22,
  CV: 25,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GA: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HN: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IR: 26,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MG: 27,
  MK: 19,
  ML: 28,
  MN: 20,
  MR: 27,
  MT: 31,
  MU: 30,
  MZ: 25,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SN: 28,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
  YE: 30,
};

/** An IBAN: a known country, that country's length, and the ISO 7064 mod-97 checksum equal to 1. */
export function isIban(text: string): boolean {
  const iban = text.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  if (IBAN_LENGTHS[iban.slice(0, 2)] !== iban.length) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

/**
 * A US Social Security number as `AAA-GG-SSSS` (or spaces): area not 000, 666 or 900–999, group
 * not 00, serial not 0000, and not one of the numbers published in advertising.
 */
export function isSsn(text: string): boolean {
  const m = /^(\d{3})([- ])(\d{2})\2(\d{4})$/.exec(text);
  if (!m) return false;
  const [, area, , group, serial] = m as unknown as [string, string, string, string, string];
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (group === '00' || serial === '0000') return false;
  return !['078-05-1120', '219-09-9999', '457-55-5462'].includes(`${area}-${group}-${serial}`);
}

/**
 * A number written like a US Social Security number (`AAA-GG-SSSS`, dashes or spaces), whether or
 * not the SSA issues it (078-05-1120, 000-, 666- and 9xx- areas, group 00, serial 0000): what a
 * scrubber removes, since a value that looks like an id is one as far as a reader can tell.
 */
export function isSsnShaped(text: string): boolean {
  return /^\d{3}([- ])\d{2}\1\d{4}$/.test(text);
}

/** A UK National Insurance number (prefix rules of HMRC's NIM39110). */
export function isNino(text: string): boolean {
  const compact = text.replace(/ /g, '');
  return (
    /^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(compact) &&
    !['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(compact.slice(0, 2))
  );
}

/** A French social security number (NIR): 15 characters whose key is 97 − (first 13 mod 97). */
export function isFrenchNir(text: string): boolean {
  const compact = text.replace(/ /g, '').toUpperCase();
  const m = /^([12]\d{4}(?:\d{2}|2A|2B)\d{6})(\d{2})$/.exec(compact);
  if (!m) return false;
  const body = m[1]!.replace('2A', '19').replace('2B', '18');
  const month = Number(body.slice(3, 5));
  if (!((month >= 1 && month <= 12) || month >= 20)) return false;
  return 97 - Number(BigInt(body) % 97n) === Number(m[2]);
}

/** A national identifier: US SSN, UK NINO or French NIR. */
export function isNationalId(text: string): boolean {
  return isSsn(text) || isNino(text) || isFrenchNir(text);
}

/** An email address (RFC 5321 shape, dotted domain with a letter TLD). */
export function isEmail(text: string): boolean {
  return (
    text.length <= 254 &&
    /^[A-Za-z0-9!#$%&'+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$/.test(
      text,
    )
  );
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = `${OCTET}(?:\\.${OCTET}){3}`;

const IPV4_WHOLE = new RegExp(`^${IPV4}$`);
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/**
 * An IPv6 address in any RFC 4291 text form (`::` shorthand, an IPv4 tail), with an optional zone
 * id (`%eth0`): what node:net's `isIPv6` accepts, computed here so that this library needs no
 * networking module.
 */
export function isIpv6(text: string): boolean {
  const percent = text.indexOf('%');
  if (percent >= 0 && !/^[0-9A-Za-z.:-]+$/.test(text.slice(percent + 1))) return false;
  const halves = (percent >= 0 ? text.slice(0, percent) : text).split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  // An IPv4 tail (never right before "::") stands for the last two groups.
  const last = halves[halves.length - 1] === '' ? undefined : groups[groups.length - 1];
  const v4Tail = last?.includes('.') ? groups.pop() : undefined;
  if (v4Tail !== undefined && !IPV4_WHOLE.test(v4Tail)) return false;
  if (!groups.every((g) => HEX_GROUP.test(g))) return false;
  const count = groups.length + (v4Tail !== undefined ? 2 : 0);
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** An IPv4 or IPv6 address, optionally with a prefix length (`10.0.0.0/8`). */
export function isIpAddress(text: string): boolean {
  const [address, prefix, extra] = text.split('/');
  if (extra !== undefined || address === undefined) return false;
  if (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) return false;
  return IPV4_WHOLE.test(address) || (address.includes(':') && isIpv6(address));
}

/** Digit count of a phone candidate; phone numbers have 9 to 15 (E.164). */
function phoneDigits(text: string): number {
  return text.replace(/\D/g, '').length;
}

/** Dates and times that phone patterns would otherwise accept. */
function looksLikeDate(text: string): boolean {
  return /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}/.test(text.trim());
}

// Phone shapes: international (+CC ...), North-American (555) 123-4567 / 555-123-4567, and national
// numbers with a trunk 0 (06 12 34 56 78, 030 1234567, 020 7946 0958). A bare run of digits is not
// a phone number: order numbers and ids look the same.
const PHONE_SOURCE = [
  String.raw`\+\d{1,3}(?:[ .\-]?(?:\(\d{1,4}\)|\d{1,5})){1,6}`,
  String.raw`(?:\([2-9]\d{2}\)[ .\-]?|[2-9]\d{2}[ .\-])\d{3}[ .\-]\d{4}`,
  String.raw`0\d(?:[ .\-]\d{2}){4}`,
  String.raw`0\d{1,4}[ /.\-]\d{3,4}(?:[ .\-]?\d{2,4}){0,2}`,
].join('|');

/** A phone number in one of the formatted shapes people write (not a bare run of digits). */
export function isPhoneNumber(text: string): boolean {
  const trimmed = text.trim();
  if (looksLikeDate(trimmed)) return false;
  const digits = phoneDigits(trimmed);
  return digits >= 9 && digits <= 15 && new RegExp(`^(?:${PHONE_SOURCE})$`).test(trimmed);
}

/** `[Rr]ue`: a word whose first letter may be capitalised (no inline regexp flags in Node 20). */
function word(w: string): string {
  const first = w[0]!;
  return `[${first.toUpperCase()}${first}]${w.slice(1)}`;
}
const alternatives = (words: string) => words.split(' ').map(word).join('|');

const STREET_EN =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Terrace|Way|Parkway|Pkwy|Square|Sq|Highway|Hwy';
const STREET_FR = alternatives(
  'rue avenue boulevard chemin allée allee impasse place quai route cours',
);
const STREET_DE_NL = 'straße|strasse|str\\.|weg|allee|platz|gasse|straat|laan|gracht|plein';
const STREET_ES_IT_PT = alternatives(
  'calle avenida avda. plaza paseo via viale piazza corso rua travessa largo',
).replace(/\./g, '\\.');
const CAPITAL_WORD = "[A-ZÀ-Ý][A-Za-zÀ-ÿ'’-]*";

/** Street addresses in English, French, German/Dutch and Spanish/Italian/Portuguese layouts. */
const ADDRESS_SOURCES = [
  String.raw`\b\d{1,5}[A-Za-z]?,? (?:[A-Z][A-Za-z'.-]* ){1,4}(?:${STREET_EN})\b\.?`,
  String.raw`\b\d{1,4}(?: ?(?:bis|ter))?,? (?:${STREET_FR}) (?:(?:de la|de l'|du|des|de|la|le|l'|d')\s?)?${CAPITAL_WORD}(?: ${CAPITAL_WORD}){0,4}`,
  String.raw`\b[A-ZÄÖÜ][a-zäöüß]+(?:${STREET_DE_NL}) \d{1,4}[a-z]?\b`,
  String.raw`(?<![\w])(?:${STREET_ES_IT_PT}) (?:(?:de la|del|de|della|dei|delle|do|da|dos|das) )?${CAPITAL_WORD}(?: ${CAPITAL_WORD}){0,4},? \d{1,4}\b`,
];

/** Whether `text` contains a street address. */
export function containsPostalAddress(text: string): boolean {
  return ADDRESS_SOURCES.some((source) => new RegExp(source).test(text));
}

interface Finder {
  kind: TextKind;
  detector: PiiDetector;
  pattern: RegExp;
  /**
   * A character every match of `pattern` contains: a text without it is not searched. Default: an
   * ASCII digit, which every pattern but the email and IPv6 ones needs.
   */
  needs?: '@' | ':';
  valid?: (candidate: string) => boolean;
  /**
   * A greedy candidate that fails `valid` may hold a valid one followed by more groups
   * ("4532 0151 1283 0366 12"): retry its prefixes that end before a space or dash.
   */
  shrink?: boolean;
}

// Boundaries are look-arounds: "a@b.cc," or "(555) 123-4567." match without the punctuation, and
// digits that are part of a longer run, a UUID or an identifier never match.
const FINDERS: readonly Finder[] = [
  {
    kind: 'email',
    detector: 'email',
    needs: '@',
    // The local part is dot-separated runs (64 characters at most): in "or...jane@corp.com" it
    // starts after the dots.
    pattern:
      /(?<![A-Za-z0-9_%+-])(?=[A-Za-z0-9._%+-]{1,64}@)[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*\.?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])/g,
  },
  {
    kind: 'card_number',
    detector: 'card',
    // A standalone token: never the digits after a decimal point ("0.5513479412920261", a JSON
    // decimal), before one, or inside a longer run of digits or an identifier.
    pattern: new RegExp(`(?<![\\w-]|\\d\\.)(?:${CARD_LAYOUT})(?![\\w]|-\\d|\\.\\d)`, 'g'),
    valid: isCardNumber,
    shrink: true,
  },
  {
    kind: 'iban',
    detector: 'iban',
    pattern: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])/g,
    valid: isIban,
    shrink: true,
  },
  {
    kind: 'national_id',
    detector: 'ssn',
    pattern: /(?<![\w-])\d{3}([- ])\d{2}\1\d{4}(?![\w]|-\d)/g,
    valid: isSsn,
  },
  {
    kind: 'national_id',
    detector: 'nino',
    pattern: /(?<![A-Za-z0-9])[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/g,
    valid: isNino,
  },
  {
    kind: 'national_id',
    detector: 'nir',
    pattern: /(?<![\w]|\d\.)[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}(?![\w]|\.\d)/g,
    valid: isFrenchNir,
  },
  {
    kind: 'phone',
    detector: 'phone',
    // Not the tail of a longer number or date ("2024-06-12 34 56 78") but may follow "Tel.", and
    // never takes the digits of an email's local part ("+33 6 12 34 56 78 2@corp.com").
    pattern: new RegExp(`(?<![\\w+]|\\d[.\\-/])(?:${PHONE_SOURCE})(?![\\w@]|[.\\-/]\\d)`, 'g'),
    valid: (t) => !looksLikeDate(t) && phoneDigits(t) >= 9 && phoneDigits(t) <= 15,
  },
  {
    kind: 'ip_address',
    detector: 'ipv4',
    pattern: new RegExp(`(?<![\\w.])${IPV4}(?:/\\d{1,2})?(?![\\w]|\\.\\d)`, 'g'),
  },
  {
    kind: 'ip_address',
    detector: 'ipv6',
    needs: ':',
    pattern: /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])/g,
    valid: (t) => /::|(?:[0-9A-Fa-f]{1,4}:){7}/.test(t) && /[0-9A-Fa-f]/.test(t) && isIpv6(t),
  },
  ...ADDRESS_SOURCES.map((source) => ({
    kind: 'postal_address' as const,
    detector: 'postal_address' as const,
    pattern: new RegExp(source, 'g'),
  })),
];

/** Any ASCII digit (`\d` in the patterns is ASCII only). */
const ANY_DIGIT = /[0-9]/;

/** Precedence when two matches overlap at the same place: the more specific pattern wins. */
const PRECEDENCE: readonly TextKind[] = [
  'email',
  'iban',
  'card_number',
  'national_id',
  'ip_address',
  'phone',
  'postal_address',
];

/**
 * Finds emails, phone numbers, national ids (US SSN, UK NINO, French NIR), Luhn-valid card numbers,
 * IBANs (mod-97), IPv4/IPv6 addresses and street addresses in `text`, with the detectors of the
 * kinds or the detectors named in `only`. Overlapping matches resolve to the earliest, then the
 * longest, then the most specific one.
 */
export function findPiiInText(
  text: string,
  only: readonly (TextKind | PiiDetector)[] = TEXT_KINDS,
  options: FindPiiOptions = {},
): PatternMatch[] {
  return findMatches(text, only, true, options.idShapes === true);
}

/** Options of {@link findPiiInText}. */
export interface FindPiiOptions {
  /**
   * Count SSN-shaped numbers that the SSA never issues too ({@link isSsnShaped}): text_scrub does,
   * the leak scan and detection do not (they keep requiring a valid SSN).
   */
  idShapes?: boolean;
}

/**
 * {@link findPiiInText}; with `prefilter`, a pattern is not run on a text that lacks a character
 * all its matches contain (most values of a column hold no digit, or no `@`). Exported for the
 * test that both ways agree; not part of the library's API.
 */
export function findMatches(
  text: string,
  only: readonly (TextKind | PiiDetector)[],
  prefilter: boolean,
  idShapes = false,
): PatternMatch[] {
  const found: PatternMatch[] = [];
  const digit = !prefilter || ANY_DIGIT.test(text);
  const at = !prefilter || text.includes('@');
  const colon = !prefilter || text.includes(':');
  for (const finder of FINDERS) {
    if (!only.includes(finder.kind) && !only.includes(finder.detector)) continue;
    if (finder.needs === '@' ? !at : finder.needs === ':' ? !colon : !digit) continue;
    // exec, not matchAll: matchAll copies the regular expression on every call.
    const pattern = finder.pattern;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      if (m[0].length === 0) {
        pattern.lastIndex++;
        continue;
      }
      const length =
        idShapes && finder.detector === 'ssn'
          ? isSsnShaped(m[0])
            ? m[0].length
            : 0
          : validLength(finder, m[0]);
      if (length > 0) {
        const { kind, detector } = finder;
        found.push({ kind, detector, start: m.index, end: m.index + length });
      }
    }
  }
  found.sort(
    (a, b) =>
      a.start - b.start || b.end - a.end || PRECEDENCE.indexOf(a.kind) - PRECEDENCE.indexOf(b.kind),
  );
  const chosen: PatternMatch[] = [];
  let reached = 0;
  for (const match of found) {
    if (match.start < reached) continue;
    chosen.push(match);
    reached = match.end;
  }
  return chosen;
}

/** Length of the valid match at the start of `candidate` (0 when there is none). */
function validLength(finder: Finder, candidate: string): number {
  if (!finder.valid || finder.valid(candidate)) return candidate.length;
  if (!finder.shrink) return 0;
  for (let end = candidate.length - 1; end > 0; end--) {
    const ch = candidate[end];
    if ((ch === ' ' || ch === '-') && finder.valid(candidate.slice(0, end))) return end;
  }
  return 0;
}
