import { transformOf } from '../../test-support/harness';

describe('address strategy', () => {
  it('redacts the whole address by default', () => {
    expect(transformOf('address')('1234 Main St, San Francisco, CA 94102')).toBe(
      '[REDACTED ADDRESS]',
    );
  });

  it('keeps city, state and zip with preserve_fields (seed 004)', () => {
    const address = transformOf('address', { preserve_fields: ['city', 'state', 'zip'] });
    expect(address('1234 Main St, San Francisco, CA 94102')).toBe(
      '[REDACTED], San Francisco, CA 94102',
    );
    expect(
      transformOf('address', { preserve_fields: ['city'] })('1 Elm Rd, Austin, TX 73301'),
    ).toBe('[REDACTED], Austin');
    expect(address('somewhere with no commas')).toBe('[REDACTED]');
  });
});
