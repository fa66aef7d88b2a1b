import { transformOf } from '../../test-support/harness';

describe('text_scrub strategy', () => {
  const scrub = transformOf('text_scrub');

  it('replaces every kind of PII inside free text and leaves the rest untouched', () => {
    expect(
      scrub(
        'Call +1 415-555-0132 or mail jane@corp.com; card 4111 1111 1111 1111, SSN 123-45-6789, IBAN GB82 WEST 1234 5698 7654 32, from 10.0.0.7.',
      ),
    ).toBe('Call [PHONE] or mail [EMAIL]; card [CARD], SSN [SSN], IBAN [IBAN], from [IP].');
  });

  it('leaves look-alikes alone: a Luhn-invalid card, a bad IBAN checksum, an invalid SSN, an out-of-range IP', () => {
    const text =
      'order 4111 1111 1111 1112, ref GB00 WEST 1234 5698 7654 32, id 000-12-3456, v 999.1.1.1, 2024-05-17';
    expect(scrub(text)).toBe(text);
  });

  it('runs only the chosen detectors', () => {
    expect(transformOf('text_scrub', { detectors: ['email'] })('a@b.io 10.0.0.1')).toBe(
      '[EMAIL] 10.0.0.1',
    );
  });
});
