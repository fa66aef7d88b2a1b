import { SyntheticValues } from './synthetic-values';

describe('SyntheticValues', () => {
  const values = new SyntheticValues(['anon.local', 'staging.invalid']);

  it('accepts emails at anonymized and reserved domains, and the email strategy local part', () => {
    expect(values.isSynthetic('email', 'user_0a1b2c3d4e5f60718293a4b5@anon.local')).toBe(true);
    expect(values.isSynthetic('email', 'x@mail.staging.invalid')).toBe(true);
    expect(values.isSynthetic('email', 'jane.doe@example.org')).toBe(true);
    expect(values.isSynthetic('email', 'qa@shop.test')).toBe(true);
    expect(values.isSynthetic('email', 'user_0a1b2c3d4e5f60718293a4b5@gmail.com')).toBe(true);
    expect(values.isSynthetic('email', 'jane.doe@gmail.com')).toBe(false);
    expect(values.isSynthetic('email', 'jane@anon.local.evil.com')).toBe(false);
  });

  it('accepts fictional phone numbers and redaction masks, not real numbers', () => {
    expect(values.isSynthetic('phone', '(415) 555-0123')).toBe(true);
    expect(values.isSynthetic('phone', '+0-000-000-0000')).toBe(true);
    expect(values.isSynthetic('phone', '+1 415-555-2671')).toBe(false);
    expect(values.isSynthetic('phone', '+33 6 12 34 56 78')).toBe(false);
  });

  it('accepts documentation IP ranges and published test cards', () => {
    expect(values.isSynthetic('ip_address', '203.0.113.9')).toBe(true);
    expect(values.isSynthetic('ip_address', '2001:db8::1')).toBe(true);
    expect(values.isSynthetic('ip_address', '0.0.0.0')).toBe(true);
    expect(values.isSynthetic('ip_address', '81.2.69.142')).toBe(false);
    expect(values.isSynthetic('card_number', '4111 1111 1111 1111')).toBe(true);
    expect(values.isSynthetic('card_number', '4539 5787 6362 1486')).toBe(false);
  });
});
