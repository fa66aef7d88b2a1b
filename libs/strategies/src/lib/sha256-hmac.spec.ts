import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Sha256Hmac } from './sha256-hmac';

describe('Sha256Hmac', () => {
  it('equals node:crypto HMAC-SHA256 for any Unicode string, short or spanning several blocks', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 64 }),
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string({ unit: 'grapheme', maxLength: 80 }),
        ),
        (key, value) => {
          const expected = createHmac('sha256', key).update(value, 'utf8').digest();
          const hmac = new Sha256Hmac(key);
          expect(hmac.hex(value)).toBe(expected.toString('hex'));
          expect(Buffer.from(hmac.bytes(value), 'latin1').equals(expected)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is right at every padding boundary (55, 56, 63, 64, 119, 120 bytes)', () => {
    const key = randomBytes(64);
    const hmac = new Sha256Hmac(key);
    for (const n of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 121, 1000]) {
      const value = 'x'.repeat(n);
      expect(hmac.hex(value)).toBe(createHmac('sha256', key).update(value).digest('hex'));
    }
  });

  it('matches RFC 4231 test case 2', () => {
    const hmac = new Sha256Hmac(Buffer.from('Jefe'));
    expect(hmac.hex('what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('refuses keys longer than a block', () => {
    expect(() => new Sha256Hmac(new Uint8Array(65))).toThrow('at most 64 bytes');
  });
});
