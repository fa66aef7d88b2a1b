import { randomBytes } from 'node:crypto';
import { errorOf, transformOf } from '../../test-support/harness';
import { replaceDigits, replaceLatin1 } from './phone';

describe('phone strategy', () => {
  it('redacts the last 7 digits and keeps the layout (seed 004 example)', () => {
    expect(transformOf('phone', { mode: 'redact' })('+1-555-123-4567')).toBe('+1-555-000-0000');
  });

  it('replaces the trailing digits with keyed digits, keeping layout and leading digits, never the original', () => {
    const phone = transformOf('phone', { redact_digits: 4 });
    const out = phone('(415) 555-0132')!;
    expect(out).toMatch(/^\(415\) 555-\d{4}$/);
    expect(out).not.toBe('(415) 555-0132');
    expect(phone('(415) 555-0132')).toBe(out);
  });

  it('re-lays the number with format', () => {
    const redact = { mode: 'redact', redact_digits: 4 };
    expect(transformOf('phone', { ...redact, format: 'national' })('+1 415 555 0132')).toBe(
      '(415) 555-0000',
    );
    expect(transformOf('phone', { ...redact, format: 'e164' })('(415) 555-0132')).toBe(
      '+14155550000',
    );
    expect(transformOf('phone', { ...redact, format: 'international' })('+44 20 7946 0958')).toBe(
      '+44 207 946 0000',
    );
  });

  it('refuses a value with no digits with a typed error', () => {
    expect(errorOf(() => transformOf('phone')('call me')).message).toBe(
      'phone strategy: the value has no digits',
    );
  });

  it('rewrites digits the same way on its latin1 fast path as on the general one', () => {
    const alphabet = '0123456789 +-().xé';
    for (let trial = 0; trial < 2000; trial++) {
      const length = 1 + (trial % 40);
      let value = '';
      for (let i = 0; i < length; i++) value += alphabet[randomBytes(1)[0]! % alphabet.length];
      const keep = trial % 5;
      const bytes = trial % 3 === 0 ? undefined : new Uint8Array(randomBytes(32));
      expect(replaceLatin1(value, keep, bytes)).toBe(replaceDigits(value, keep, bytes));
    }
    // Beyond latin1 the fast path hands over to the general one.
    const bytes = new Uint8Array(32).fill(7);
    expect(replaceLatin1('☎ 555-0132', 3, bytes)).toBe('☎ 555-7777');
  });

  it('never hands back the original digits, on either path', () => {
    // Every HMAC byte is 1 mod 10, so each replaced digit of 1111 comes out as itself.
    const bytes = new Uint8Array(32).fill(11);
    expect(replaceLatin1('555-1111', 3, bytes)).toBe('555-1112');
    expect(replaceDigits('555-1111', 3, bytes)).toBe('555-1112');
  });
});
