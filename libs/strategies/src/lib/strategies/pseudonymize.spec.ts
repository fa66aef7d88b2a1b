import { transformOf } from '../../test-support/harness';

describe('pseudonymize strategy', () => {
  it.each([
    ['email', /^[a-z0-9]+\.[a-z0-9]+\d*@example\.(?:com|net|org)$/],
    ['phone', /^\(\d{3}\) 555-01\d{2}$/],
    ['zip', /^\d{5}$/],
    ['company', /^\S+ .+$/],
    ['city', /\S/],
  ])('fakes a consistent %s', (kind, shape) => {
    const fake = transformOf('pseudonymize', { kind });
    const out = fake('original value')!;
    expect(out).toMatch(shape);
    expect(fake('original value')).toBe(out);
  });
});
