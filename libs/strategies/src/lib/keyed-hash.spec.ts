import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { asciiKey, createKeyedHash } from './keyed-hash';

describe('createKeyedHash', () => {
  const key = asciiKey(randomBytes(64));
  const keyed = createKeyedHash(key);

  it('computes exactly HMAC-SHA256 of the UTF-8 value, for any Unicode string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (value) => {
        const expected = createHmac('sha256', key).update(value, 'utf8').digest();
        expect(keyed.hex(value)).toBe(expected.toString('hex'));
        expect(Buffer.from(keyed.bytes(value), 'latin1').equals(expected)).toBe(true);
      }),
    );
  });

  it('refuses keys that are not 64 seven-bit bytes', () => {
    expect(() => createKeyedHash(Buffer.alloc(32))).toThrow('64-byte key');
    expect(() => createKeyedHash(Buffer.alloc(64, 0x80))).toThrow('7-bit');
  });
});
