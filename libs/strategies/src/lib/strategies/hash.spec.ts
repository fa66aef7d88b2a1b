import { createHmac } from 'node:crypto';
import { createKeyMaterial } from '../key-material';
import { TEST_SEED, transformOf } from '../../test-support/harness';

describe('hash strategy', () => {
  it('is HMAC-SHA256 keyed from the seed, truncated to length, with the prefix', () => {
    const out = transformOf('hash', { length: 40, prefix: 'h_' })('p@ssw0rd');
    expect(out).toMatch(/^h_[0-9a-f]{40}$/);
    const full = transformOf('hash', { length: 64 })('p@ssw0rd');
    expect(full).toBe(out!.slice(2).padEnd(64, full!.slice(40)));
  });

  it.each(['hmac-sha512', 'sha256', 'sha512'])(
    'supports %s, salted by the seed (never unsalted)',
    (algorithm) => {
      const a = transformOf('hash', { algorithm, length: 32 })('value');
      expect(a).toMatch(/^[0-9a-f]{32}$/);
      expect(transformOf('hash', { algorithm, length: 32 }, { seed: 'another' })('value')).not.toBe(
        a,
      );
      expect(a).not.toBe(createHmac('sha256', '').update('value').digest('hex').slice(0, 32));
    },
  );

  it('writes a uuid on a uuid column', () => {
    expect(transformOf('hash', {}, { columnType: 'uuid' })('x')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('uses a key derived for hash, so the same seed gives unrelated email and hash outputs', () => {
    const keys = createKeyMaterial(TEST_SEED);
    expect(keys.hmac('hash:hmac-sha256').hex('v')).not.toBe(keys.hmac('email').hex('v'));
  });

  it('refuses a length beyond the digest', () => {
    expect(() => transformOf('hash', { algorithm: 'sha256', length: 100 })).toThrow(
      'length must be at most 64',
    );
  });
});
