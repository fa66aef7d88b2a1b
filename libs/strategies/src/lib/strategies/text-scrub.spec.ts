import fc from 'fast-check';
import { transformOf } from '../../test-support/harness';
import { findPiiInText, PII_DETECTORS, type PiiDetector } from '../pii-patterns';

describe('text_scrub strategy', () => {
  const scrub = transformOf('text_scrub');

  it('replaces every kind of PII inside free text and leaves the rest untouched', () => {
    expect(
      scrub(
        'Call +1 415-555-0132 or mail jane@corp.com; card 4111 1111 1111 1111, SSN 123-45-6789, IBAN GB82 WEST 1234 5698 7654 32, from 10.0.0.7.',
      ),
    ).toBe('Call [PHONE] or mail [EMAIL]; card [CARD], SSN [SSN], IBAN [IBAN], from [IP].');
  });

  it('leaves look-alikes alone: a Luhn-invalid card, a bad IBAN checksum, an out-of-range IP', () => {
    const text =
      'order 4111 1111 1111 1112, ref GB00 WEST 1234 5698 7654 32, v 999.1.1.1, 2024-05-17';
    expect(scrub(text)).toBe(text);
  });

  it('scrubs SSN-shaped numbers the SSA never issues, which the leak scan does not count', () => {
    const never = [
      '078-05-1120',
      '000-12-3456',
      '666-12-3456',
      '912-34-5678',
      '123-00-4567',
      '123-45-0000',
      '123 45 0000',
    ];
    for (const ssn of never) {
      expect(scrub(`id ${ssn}.`)).toBe('id [SSN].');
      // The leak scan and detection use the strict check: not an SSN.
      expect(findPiiInText(`id ${ssn}.`)).toEqual([]);
    }
    // Still not: other digit layouts and longer runs.
    expect(scrub('ref 1234-56-7890 and 12-345-6789')).toBe('ref 1234-56-7890 and 12-345-6789');
  });

  it('replaces person names by [NAME] and keeps titles', () => {
    expect(scrub('Spoke with James Lopez about his refund. Dear Mr Smith, thanks. Best, Tom')).toBe(
      'Spoke with [NAME] about his refund. Dear Mr [NAME], thanks. Best, [NAME]',
    );
    expect(scrub('Will you mark the parcel on Grant Street before May?')).toBe(
      'Will you mark the parcel on Grant Street before May?',
    );
  });

  it('leaves names alone when person_name is not among the detectors', () => {
    expect(transformOf('text_scrub', { detectors: ['email'] })('James Lopez, a@b.io')).toBe(
      'James Lopez, [EMAIL]',
    );
  });

  it('replaces names by consistent fake names under the seed, word by word, as the name strategy does', () => {
    const fake = transformOf('text_scrub', { names: 'fake' });
    const out = fake('Spoke with James Lopez; James called back. Mail jane@corp.com')!;
    const first = transformOf('name', { format: 'first' })('James')!;
    const last = transformOf('name', { format: 'last' })('Lopez')!;
    expect(out).toBe(`Spoke with ${first} ${last}; ${first} called back. Mail [EMAIL]`);
    expect(fake('Spoke with James Lopez; James called back. Mail jane@corp.com')).toBe(out);
    const other = transformOf('text_scrub', { names: 'fake' }, { seed: 'another-seed-0123456789' });
    expect(other('Spoke with James Lopez')).not.toBe(`Spoke with ${first} ${last}`);
  });

  it('needs a seed only for fake names', () => {
    expect(transformOf('text_scrub', {}, { seed: null })('Hi Anna,')).toBe('Hi [NAME],');
    expect(() => transformOf('text_scrub', { names: 'fake' }, { seed: null })).toThrow(
      /needs a seed/,
    );
  });

  it('runs only the chosen detectors', () => {
    expect(transformOf('text_scrub', { detectors: ['email'] })('a@b.io 10.0.0.1')).toBe(
      '[EMAIL] 10.0.0.1',
    );
  });

  it('replaces national phone numbers, UK NINOs, French NIRs, IPv6 addresses and street addresses', () => {
    expect(
      scrub(
        'Appeler le 06 12 34 56 78 (Tel.030 1234567), NINO AB 12 34 56 C, NIR 2 84 12 76 451 089 93, from fe80::1 or 2001:db8::42, livrer au 12 rue de la Paix.',
      ),
    ).toBe(
      'Appeler le [PHONE] (Tel.[PHONE]), NINO [NINO], NIR [NIR], from [IP] or [IP], livrer au [ADDRESS].',
    );
  });

  it('keeps a valid card or IBAN and the words after it apart', () => {
    expect(scrub('paid 4539 5787 6362 1486 12 times to DE89 3704 0044 0532 0130 00 Berlin')).toBe(
      'paid [CARD] 12 times to [IBAN] Berlin',
    );
  });

  it('tells the national ids and the IP versions apart by detector', () => {
    const only = (detectors: PiiDetector[]) => transformOf('text_scrub', { detectors });
    const text = 'SSN 123-45-6789, NINO AB 12 34 56 C, 10.0.0.7 and ::1';
    expect(only(['ssn', 'ipv4'])(text)).toBe('SSN [SSN], NINO AB 12 34 56 C, [IP] and ::1');
    expect(only(['nino', 'ipv6'])(text)).toBe('SSN 123-45-6789, NINO [NINO], 10.0.0.7 and [IP]');
  });

  it('accepts every detector name it accepted before', () => {
    const before = ['email', 'card', 'iban', 'ssn', 'phone', 'ipv4'];
    expect(transformOf('text_scrub', { detectors: before })('jane@corp.com')).toBe('[EMAIL]');
  });

  it('leaves nothing the PII finders still detect, for the detectors it runs', () => {
    const pii = fc.constantFrom(
      'jane.doe@corp.com',
      '_ops@corp.io',
      '+33 6 12 34 56 78',
      '06 12 34 56 78',
      '(415) 555-0132',
      '415.555.0132',
      '4539 5787 6362 1486',
      '378282246310005',
      'FR14 2004 1010 0505 0001 3M02 606',
      '123-45-6789',
      'AB 12 34 56 C',
      '2 84 12 76 451 089 93',
      '203.0.114.7',
      '10.0.0.0/8',
      '2001:db8::ff00:42:8329',
      '42 Main Street',
      'Hauptstraße 5',
    );
    const filler = fc.oneof(
      fc.constantFrom(' ', ', ', '.', ':', '-', '/', '(', ')', '@', '+', '\n', 'Tel.', ' and '),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.stringMatching(/^[0-9A-Za-z .:@-]{0,6}$/),
    );
    const text = fc.array(fc.oneof(pii, filler), { maxLength: 12 }).map((parts) => parts.join(''));
    const detectors = fc.subarray([...PII_DETECTORS], { minLength: 1 });
    fc.assert(
      fc.property(text, detectors, (t, chosen) => {
        const out = transformOf('text_scrub', { detectors: chosen })(t)!;
        expect(findPiiInText(out, chosen).map((m) => out.slice(m.start, m.end))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('text_scrub on json and jsonb columns', () => {
  const scrubJson = transformOf('text_scrub', {}, { columnType: 'jsonb' });

  it('replaces names inside JSON string values', () => {
    expect(scrubJson('{"note": "Spoke with James Lopez", "James": 1}')).toBe(
      '{"note": "Spoke with [NAME]", "James": 1}',
    );
  });

  it('scrubs decoded string values and keeps escapes, keys, numbers and layout', () => {
    const input =
      '{"note": "line\\njane@corp.com", "jane@corp.com": 1, "n": 12345678901234567890, "ok": "fine"}';
    const output = scrubJson(input)!;
    expect(output).toBe(
      '{"note": "line\\n[EMAIL]", "jane@corp.com": 1, "n": 12345678901234567890, "ok": "fine"}',
    );
    expect(JSON.parse(output).note).toBe('line\n[EMAIL]');
  });

  it('always returns valid JSON for valid JSON input', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const input = JSON.stringify({ v: value, mail: 'x@corp.com' });
        const output = scrubJson(input)!;
        expect(() => JSON.parse(output)).not.toThrow();
        expect(JSON.parse(output).mail).toBe('[EMAIL]');
      }),
    );
  });

  it('leaves a document without PII byte for byte', () => {
    const input = '{ "a" : [1, 2.50, "x"],\n "b": null }';
    expect(scrubJson(input)).toBe(input);
  });
});
