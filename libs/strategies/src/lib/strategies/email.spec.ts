import { transformOf } from '../../test-support/harness';

describe('email strategy', () => {
  it('gives user_<24 hex>@anon.local, the same for the same address under the same seed', () => {
    const email = transformOf('email', { domain: 'anon.local' });
    const out = email('john.doe@gmail.com');
    expect(out).toMatch(/^user_[0-9a-f]{24}@anon\.local$/);
    expect(email('john.doe@gmail.com')).toBe(out);
    expect(email('John.Doe@gmail.com')).not.toBe(out);
  });

  it('keeps the original domain with preserve_domain, and uses the configured one when there is none', () => {
    const email = transformOf('email', { preserve_domain: true });
    expect(email('jane@corp.example')).toMatch(/^user_[0-9a-f]{24}@corp\.example$/);
    expect(email('not an address')).toMatch(/^user_[0-9a-f]{24}@anon\.local$/);
  });
});
