import { isIPv6 } from 'node:net';
import fc from 'fast-check';
import {
  cardNetwork,
  findMatches,
  findPiiInText,
  isCardNumber,
  isEmail,
  isFrenchNir,
  isIban,
  isIpAddress,
  isIpv6,
  isNino,
  isPhoneNumber,
  isSsn,
  luhnValid,
  TEXT_KINDS,
} from './pii-patterns';

const kinds = (text: string) =>
  findPiiInText(text).map((m) => [m.kind, text.slice(m.start, m.end)]);
const detectors = (text: string, only: Parameters<typeof findPiiInText>[1]) =>
  findPiiInText(text, only).map((m) => [m.detector, text.slice(m.start, m.end)]);

describe('validated patterns', () => {
  it('checks the Luhn digit', () => {
    expect(luhnValid('4539578763621486')).toBe(true);
    expect(luhnValid('4539578763621487')).toBe(false);
    expect(luhnValid('')).toBe(false);
  });

  it('accepts card numbers of a known network that pass Luhn, with or without separators', () => {
    expect(isCardNumber('4539 5787 6362 1486')).toBe(true);
    expect(isCardNumber('5425-2334-3010-9903')).toBe(true);
    expect(isCardNumber('378282246310005')).toBe(true);
    expect(cardNetwork('378282246310005')).toBe('amex');
  });

  it('refuses Luhn-valid digit runs outside every card network', () => {
    // 16 digits, Luhn-valid, but starting with 1: an order number, not a card.
    expect(luhnValid('1000000000000008')).toBe(true);
    expect(isCardNumber('1000000000000008')).toBe(false);
    expect(isCardNumber('4539578763621487')).toBe(false);
  });

  it('wants a card written as cards are: one run, or groups of four (4-6-5, 4-6-4) with one separator', () => {
    expect(isCardNumber('3782 822463 10005')).toBe(true);
    expect(isCardNumber('4539-5787-6362-1486')).toBe(true);
    // The same digits in groups no card is printed in, or with mixed separators.
    expect(isCardNumber('45 3957 8763 6214 86')).toBe(false);
    expect(isCardNumber('4539 5787-6362 1486')).toBe(false);
    expect(isCardNumber('4 5 3 9 5 7 8 7 6 3 6 2 1 4 8 6')).toBe(false);
  });

  it('knows the Mir, RuPay and Troy ranges', () => {
    expect(cardNetwork('2200000000000004')).toBe('mir');
    expect(isCardNumber('2204 1234 5678 9015')).toBe(true);
    expect(cardNetwork('8171999927660000')).toBe('rupay');
    expect(cardNetwork('9792000000000003')).toBe('troy');
    expect(isCardNumber('9792000000000003')).toBe(true);
  });

  it('checks IBAN country, length and the mod-97 checksum', () => {
    expect(isIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(isIban('FR1420041010050500013M02606')).toBe(true);
    expect(isIban('GB82WEST12345698765432')).toBe(true);
    expect(isIban('DE89 3704 0044 0532 0130 01')).toBe(false);
    expect(isIban('DE89 3704 0044 0532 0130')).toBe(false);
    expect(isIban('ZZ89370400440532013000')).toBe(false);
  });

  it('knows the IBANs of the whole registry and of the countries outside it', () => {
    for (const iban of [
      'BI42 1000 0100 0100 0033 2045 181',
      'LY83002048000020100120361',
      'RU0304452522540817810538091310419',
      'YE15CBYE0001018861234567891234',
      'SN08SN0100152000048500003035',
      'IR580540105180021273113007',
    ]) {
      expect([iban, isIban(iban)]).toEqual([iban, true]);
    }
    expect(isIban('SN08SN010015200004850000303')).toBe(false);
  });

  it('applies SSN area, group and serial rules', () => {
    expect(isSsn('123-45-6789')).toBe(true);
    expect(isSsn('123 45 6789')).toBe(true);
    expect(isSsn('000-45-6789')).toBe(false);
    expect(isSsn('666-45-6789')).toBe(false);
    expect(isSsn('912-45-6789')).toBe(false);
    expect(isSsn('123-00-6789')).toBe(false);
    expect(isSsn('123-45-0000')).toBe(false);
    expect(isSsn('078-05-1120')).toBe(false);
    expect(isSsn('123-45 6789')).toBe(false);
  });

  it('recognises UK NINOs and French NIRs with their rules', () => {
    expect(isNino('AB 12 34 56 C')).toBe(true);
    expect(isNino('GB123456C')).toBe(false);
    expect(isNino('DA123456C')).toBe(false);
    expect(isFrenchNir('2 84 12 76 451 089 93')).toBe(true);
    expect(isFrenchNir('2 84 12 76 451 089 94')).toBe(false);
  });

  it('recognises email addresses and refuses near misses', () => {
    expect(isEmail('jane.doe+news@example.co.uk')).toBe(true);
    expect(isEmail('user@localhost')).toBe(false);
    expect(isEmail('@handle')).toBe(false);
    expect(isEmail('a..b@x.com')).toBe(false);
  });

  it('recognises IPv4 and IPv6 addresses, not times or versions', () => {
    expect(isIpAddress('192.168.10.4')).toBe(true);
    expect(isIpAddress('10.0.0.0/8')).toBe(true);
    expect(isIpAddress('2001:db8::ff00:42:8329')).toBe(true);
    expect(isIpAddress('256.1.1.1')).toBe(false);
    expect(isIpAddress('10:30:00')).toBe(false);
  });

  it('tells IPv6 addresses exactly as node:net does', () => {
    const hexGroup = fc.stringMatching(/^[0-9a-fA-F]{0,5}$/);
    const candidate = fc.oneof(
      fc
        .array(fc.oneof(hexGroup, fc.constantFrom('', '1.2.3.4', '256.1.1.1', '::')), {
          maxLength: 10,
        })
        .map((groups) => groups.join(':')),
      fc
        .tuple(fc.constantFrom('fe80::1', '::', '1::', '::1.2.3.4'), fc.string({ maxLength: 4 }))
        .map(([address, zone]) => `${address}%${zone}`),
      fc.stringMatching(/^[0-9a-f:.%]{0,20}$/),
    );
    fc.assert(
      fc.property(candidate, (text) => expect([text, isIpv6(text)]).toEqual([text, isIPv6(text)])),
      { numRuns: 5000 },
    );
  });

  it('recognises formatted phone numbers in several countries but not bare digit runs or dates', () => {
    for (const phone of [
      '+1 415-555-0132',
      '(415) 555-0132',
      '415.555.0132',
      '+33 6 12 34 56 78',
      '06 12 34 56 78',
      '+49 30 1234567',
      '030 1234567',
      '+44 20 7946 0958',
      '+34 612 345 678',
      '(415)-555-0132',
    ]) {
      expect([phone, isPhoneNumber(phone)]).toEqual([phone, true]);
    }
    for (const other of ['4155550132', '2024-01-15', '15.01.2024', '12345', 'ORD-2024-000123']) {
      expect([other, isPhoneNumber(other)]).toEqual([other, false]);
    }
  });
});

describe('findPiiInText', () => {
  it('finds the same with and without skipping patterns whose required character is absent', () => {
    const pieces = [
      'jane@corp.com',
      '(415) 555-0132',
      '+33 6 12 34 56 78',
      '4539 5787 6362 1486',
      'FR14 2004 1010 0505 0001 3M02 606',
      '123-45-6789',
      'AB 12 34 56 C',
      '1 84 12 76 451 089 46',
      '203.0.114.7',
      '2001:db8::8a2e:370:7334',
      '12 rue de la Paix',
      '221B Baker Street',
      'Hauptstraße 5',
      'calle Mayor 3',
      'Toy Bradtke',
      '***-**-****',
    ];
    const text = fc
      .array(
        fc.oneof(
          fc.constantFrom(...pieces),
          fc.string({ unit: fc.constantFrom(...'0123456789@:.- abcXYZ+()é') }),
        ),
        { maxLength: 6 },
      )
      .map((parts) => parts.join(' '));
    fc.assert(
      fc.property(text, (t) => {
        expect(findMatches(t, TEXT_KINDS, true)).toEqual(findMatches(t, TEXT_KINDS, false));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds each kind inside free text without the surrounding punctuation', () => {
    expect(
      kinds(
        'Call me at (415) 555-0132 or jane@corp.com. Card 4539 5787 6362 1486, IBAN FR14 2004 1010 0505 0001 3M02 606, SSN 123-45-6789, from 203.0.114.7.',
      ),
    ).toEqual([
      ['phone', '(415) 555-0132'],
      ['email', 'jane@corp.com'],
      ['card_number', '4539 5787 6362 1486'],
      ['iban', 'FR14 2004 1010 0505 0001 3M02 606'],
      ['national_id', '123-45-6789'],
      ['ip_address', '203.0.114.7'],
    ]);
  });

  it('never takes the digits of a decimal number, or of a longer run, for a card or a NIR', () => {
    // 16 digits after the point pass Luhn and start like a Mastercard: a JSON decimal all the same.
    expect(luhnValid('5513479412920261')).toBe(true);
    expect(kinds('{"n": 0.5513479412920261}')).toEqual([]);
    expect(kinds('{"n": 5513479412920261.25}')).toEqual([]);
    expect(kinds('ratio 3.184127607202165 and 0.255146311911122')).toEqual([]);
    expect(kinds('id 945395787636214861')).toEqual([]);
    // A card at the end of a sentence is still one.
    expect(kinds('card 4539578763621486.')).toEqual([['card_number', '4539578763621486']]);
    expect(kinds('{"card": "4539 5787 6362 1486"}')).toEqual([
      ['card_number', '4539 5787 6362 1486'],
    ]);
  });

  it('keeps a valid card number followed by more digits', () => {
    expect(kinds('paid with 4539 5787 6362 1486 12 times')).toEqual([
      ['card_number', '4539 5787 6362 1486'],
    ]);
  });

  it('finds street addresses in several languages', () => {
    expect(kinds('Livrer au 12 rue de la Paix avant midi')).toEqual([
      ['postal_address', '12 rue de la Paix'],
    ]);
    expect(kinds('Lieferung an Hauptstraße 5 bitte')).toEqual([
      ['postal_address', 'Hauptstraße 5'],
    ]);
    expect(kinds('ship to 42 Main Street today')).toEqual([['postal_address', '42 Main Street']]);
    expect(kinds('Consegna in Via Roma 12')).toEqual([['postal_address', 'Via Roma 12']]);
  });

  it('names the detector of each match and runs only the kinds or detectors asked for', () => {
    const text = 'SSN 123-45-6789, NINO AB 12 34 56 C, NIR 2 84 12 76 451 089 93, 10.0.0.7, ::1';
    expect(detectors(text, ['national_id'])).toEqual([
      ['ssn', '123-45-6789'],
      ['nino', 'AB 12 34 56 C'],
      ['nir', '2 84 12 76 451 089 93'],
    ]);
    expect(detectors(text, ['nino', 'ipv6'])).toEqual([
      ['nino', 'AB 12 34 56 C'],
      ['ipv6', '::1'],
    ]);
  });

  it('finds emails whose local part starts with an underscore or follows a dot', () => {
    expect(kinds('write to _ops@corp.io or...jane@corp.com')).toEqual([
      ['email', '_ops@corp.io'],
      ['email', 'jane@corp.com'],
    ]);
  });

  it('finds a phone number after "Tel." but never inside a longer number or an email', () => {
    expect(kinds('Tel.06 12 34 56 78, fax (415)-555-0132')).toEqual([
      ['phone', '06 12 34 56 78'],
      ['phone', '(415)-555-0132'],
    ]);
    expect(kinds('+33 6 12 34 56 78 2@corp.com')).toEqual([
      ['phone', '+33 6 12 34 56 78'],
      ['email', '2@corp.com'],
    ]);
    expect(kinds('ref 2024.415-555-0132')).toEqual([]);
  });

  it('ignores digits inside identifiers, UUIDs, timestamps and masks', () => {
    expect(
      kinds(
        'order ORD-2024-000045 id 550e8400-e29b-41d4-a716-446655440000 at 2024-03-01 10:30:00 sent via email 3 times, ***-**-**** and **** **** **** 1486, v1.2.3.4',
      ),
    ).toEqual([]);
  });
});
