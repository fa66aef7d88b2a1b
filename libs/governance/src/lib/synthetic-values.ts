import { isIPv4, isIPv6 } from 'node:net';
import { profileRules, type Profile } from '@confiture/domain';
import type { TextKind } from '@confiture/strategies';

/**
 * Values that look like PII but were made up on purpose, so the leak scan does not count them:
 *
 * - emails at a domain the profile's `email` rules write to (`anon.local` by default), at a domain
 *   reserved for documentation or testing (RFC 2606/6761: example.com/.net/.org, .example, .test,
 *   .invalid, .localhost, and .local), or with the `email` strategy's local part `user_<24 hex>`;
 * - North-American numbers 555-0100 to 555-0199 (reserved for fiction);
 * - IP addresses of the documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
 *   2001:db8::/32);
 * - the card numbers payment networks publish for testing (4111 1111 1111 1111, ...);
 * - digits that are all the same (`+0-000-000-0000`, `0.0.0.0`: a redaction that keeps the layout).
 */
export class SyntheticValues {
  private readonly domains: Set<string>;

  constructor(anonymizedDomains: Iterable<string> = ['anon.local']) {
    this.domains = new Set([...anonymizedDomains].map((d) => d.toLowerCase()));
  }

  /** The domains of every `email` rule in `profile` (nested json rules and named strategies included). */
  static fromProfile(profile: Profile): SyntheticValues {
    const domains = new Set<string>(['anon.local']);
    for (const rule of profileRules(profile)) {
      if (rule.type === 'email' && typeof rule.options['domain'] === 'string') {
        domains.add(rule.options['domain']);
      }
    }
    return new SyntheticValues(domains);
  }

  /** The anonymized domains this set accepts (reserved ones aside). */
  get anonymizedDomains(): string[] {
    return [...this.domains].sort();
  }

  /** Whether `text` (a match of `kind`) was made up on purpose rather than leaked. */
  isSynthetic(kind: TextKind, text: string): boolean {
    switch (kind) {
      case 'email':
        return this.isSyntheticEmail(text);
      case 'phone': {
        const digits = text.replace(/\D/g, '');
        return sameDigit(digits) || /^1?[2-9]\d{2}55501\d{2}$/.test(digits);
      }
      case 'ip_address': {
        const address = text.split('/')[0]!;
        return isDocumentationIp(address) || sameDigit(address.replace(/\D/g, ''));
      }
      case 'card_number': {
        const digits = text.replace(/\D/g, '');
        return sameDigit(digits) || TEST_CARDS.has(digits);
      }
      case 'national_id':
      case 'iban':
        return sameDigit(text.replace(/\D/g, ''));
      default:
        return false;
    }
  }

  private isSyntheticEmail(text: string): boolean {
    const at = text.lastIndexOf('@');
    const local = text.slice(0, at);
    const domain = text.slice(at + 1).toLowerCase();
    if (/^user_[0-9a-f]{24}$/.test(local)) return true;
    for (const known of this.domains) {
      if (domain === known || domain.endsWith(`.${known}`)) return true;
    }
    if (
      ['example.com', 'example.net', 'example.org'].some(
        (d) => domain === d || domain.endsWith(`.${d}`),
      )
    ) {
      return true;
    }
    const tld = domain.slice(domain.lastIndexOf('.') + 1);
    return ['example', 'test', 'invalid', 'localhost', 'local'].includes(tld);
  }
}

const TEST_CARDS = new Set([
  '4111111111111111',
  '4242424242424242',
  '4012888888881881',
  '4000056655665556',
  '5555555555554444',
  '5105105105105100',
  '2223003122003222',
  '378282246310005',
  '371449635398431',
  '6011111111111117',
  '6011000990139424',
  '3530111333300000',
  '3566002020360505',
  '30569309025904',
  '38520000023237',
]);

function sameDigit(digits: string): boolean {
  return digits.length > 0 && /^(\d)\1*$/.test(digits);
}

function isDocumentationIp(address: string): boolean {
  if (isIPv4(address)) {
    return /^(192\.0\.2|198\.51\.100|203\.0\.113)\./.test(address);
  }
  return isIPv6(address) && /^2001:0?db8:/i.test(address);
}
