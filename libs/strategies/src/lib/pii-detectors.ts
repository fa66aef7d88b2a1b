/** Kinds of personal data found inside free text. */
export const PII_KINDS = ['email', 'card', 'iban', 'ssn', 'phone', 'ipv4'] as const;

/** One of {@link PII_KINDS}. */
export type PiiKind = (typeof PII_KINDS)[number];

/** A piece of personal data found in a text: its kind and UTF-16 span. */
export interface PiiMatch {
  kind: PiiKind;
  start: number;
  end: number;
}

interface Detector {
  pattern: RegExp;
  valid?: (text: string) => boolean;
}

// Boundaries are look-arounds so that "a@b.cc," or "(555) 123-4567." match without the punctuation.
const DETECTORS: Record<PiiKind, Detector> = {
  email: { pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  card: {
    pattern: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g,
    valid: (t) => luhn(t.replace(/\D/g, '')),
  },
  iban: {
    pattern: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])/g,
    valid: (t) => ibanChecksum(t.replace(/ /g, '')),
  },
  ssn: {
    pattern: /(?<![\d-])\d{3}([- ])\d{2}\1\d{4}(?![\d-])/g,
    valid: (t) => {
      const [area, group, serial] = t.split(/[- ]/);
      return (
        area !== '000' &&
        area !== '666' &&
        !area!.startsWith('9') &&
        group !== '00' &&
        serial !== '0000'
      );
    },
  },
  // International (+cc ...), (area) exchange-line, or 3-3-4 with separators; 9..15 digits.
  phone: {
    pattern:
      /(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}|\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}|\d{3}[ .-]\d{3}[ .-]\d{4})(?!\w)/g,
    valid: (t) => {
      const digits = t.replace(/\D/g, '').length;
      return digits >= 9 && digits <= 15;
    },
  },
  ipv4: {
    pattern:
      /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\d|\.\d)/g,
  },
};

/**
 * Finds emails, Luhn-valid card numbers, IBANs (mod-97 checksum), US SSNs, phone numbers and IPv4
 * addresses in `text`. Overlaps resolve to the earliest, then longest, then most specific match
 * (in the order of {@link PII_KINDS}).
 */
export function findPii(text: string, kinds: readonly PiiKind[] = PII_KINDS): PiiMatch[] {
  const found: PiiMatch[] = [];
  for (const kind of PII_KINDS) {
    if (!kinds.includes(kind)) continue;
    const { pattern, valid } = DETECTORS[kind];
    pattern.lastIndex = 0;
    for (const m of text.matchAll(pattern)) {
      if (valid && !valid(m[0])) continue;
      found.push({ kind, start: m.index, end: m.index + m[0].length });
    }
  }
  found.sort(
    (a, b) =>
      a.start - b.start || b.end - a.end || PII_KINDS.indexOf(a.kind) - PII_KINDS.indexOf(b.kind),
  );
  const chosen: PiiMatch[] = [];
  let reached = 0;
  for (const match of found) {
    if (match.start < reached) continue;
    chosen.push(match);
    reached = match.end;
  }
  return chosen;
}

/** Luhn checksum of a digit string. */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** ISO 13616 IBAN check: move the first four characters to the end, letters → 10..35, mod 97 = 1. */
export function ibanChecksum(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}
