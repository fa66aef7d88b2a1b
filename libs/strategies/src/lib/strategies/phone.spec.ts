import { errorOf, transformOf } from '../../test-support/harness';

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
});
