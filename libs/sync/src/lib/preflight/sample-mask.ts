/** Digits a value needs before its last four are shown (card numbers have 13–19, IBANs 15–34). */
const LONG_NUMBER_DIGITS = 12;

const EMAIL = /([\p{L}\p{N}._%+-]+)@([\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*)\.([\p{L}]{2,})/gu;

/**
 * A source value as `--dry-run` shows it by default: its shape without its content, so that a
 * terminal, a CI log or a JSON report never holds raw personal data. An email keeps the first
 * character of its user and domain and its top-level domain (`a****@e******.com`); a value with 12
 * or more digits (a card number, an IBAN, an account) keeps its last four digits; every other
 * letter or digit becomes `*`, but for the first letter of each word; spaces and punctuation stay.
 * Values of 4 characters or fewer are masked whole.
 */
export function maskSampleValue(value: string): string {
  const chars = Array.from(value);
  if (chars.length <= 4) return '*'.repeat(chars.length);
  // Emails are masked as emails; the text around them letter by letter.
  const parts: Array<{ text: string; email?: [string, string, string] }> = [];
  let last = 0;
  for (const m of value.matchAll(EMAIL)) {
    parts.push({ text: value.slice(last, m.index) });
    parts.push({ text: m[0], email: [m[1]!, m[2]!, m[3]!] });
    last = m.index! + m[0].length;
  }
  parts.push({ text: value.slice(last) });
  const digits = parts
    .filter((p) => !p.email)
    .reduce((n, p) => n + Array.from(p.text).filter((c) => /\p{Nd}/u.test(c)).length, 0);
  const keepDigitsFrom = digits >= LONG_NUMBER_DIGITS ? digits - 4 : Infinity;
  let digit = 0;
  let out = '';
  for (const part of parts) {
    if (part.email) {
      const [user, domain, tld] = part.email;
      out += `${keepFirst(user)}@${domain.split('.').map(keepFirst).join('.')}.${tld}`;
      continue;
    }
    let inWord = false;
    for (const c of part.text) {
      if (/\p{Nd}/u.test(c)) {
        out += digit++ >= keepDigitsFrom ? c : '*';
        inWord = true;
      } else if (/\p{L}/u.test(c)) {
        out += inWord ? '*' : c;
        inWord = true;
      } else {
        out += c;
        inWord = false;
      }
    }
  }
  return out;
}

/** `alice` → `a****`. */
function keepFirst(part: string): string {
  const chars = Array.from(part);
  return chars.length === 0 ? '' : chars[0] + '*'.repeat(chars.length - 1);
}
