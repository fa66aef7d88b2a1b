import fc from 'fast-check';
import { describeColumn } from '../column';
import { createInverseStrategy, createStrategy } from '../create-strategy';
import { createKeyMaterial } from '../key-material';
import { errorOf, TEST_SEED } from '../../test-support/harness';

const ctx = { column: describeColumn('card', 'text'), keys: createKeyMaterial(TEST_SEED) };

describe('fpe strategy', () => {
  const encrypt = createStrategy('fpe', {}, ctx);
  const decrypt = createInverseStrategy('fpe', {}, ctx);

  it('keeps separators in place: a card stays four groups of four digits, and round-trips', () => {
    const out = encrypt('4111 1111 1111 1111')!;
    expect(out).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(out).not.toBe('4111 1111 1111 1111');
    expect(decrypt(out)).toBe('4111 1111 1111 1111');
  });

  it('round-trips any digit string with separators', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9][0-9 -]{5,30}[0-9]$/), (value) => {
        fc.pre(value.replace(/\D/g, '').length >= 6);
        expect(decrypt(encrypt(value))).toBe(value);
      }),
    );
  });

  it('supports other alphabets and key sizes', () => {
    const options = { alphabet: 'abcdefghijklmnopqrstuvwxyz', key_bits: 128, key_id: 'v2' };
    const out = createStrategy('fpe', options, ctx)('hello-world')!;
    expect(out).toMatch(/^[a-z]{5}-[a-z]{5}$/);
    expect(createInverseStrategy('fpe', options, ctx)(out)).toBe('hello-world');
  });

  it('refuses a value too short for FF3-1, naming the strategy and the reason', () => {
    const error = errorOf(() => encrypt('12-34'));
    expect(error.code).toBe('STRATEGY_VALUE');
    expect(error.message).toContain('fpe (FF3-1): input has 4 characters of the alphabet');
  });
});
