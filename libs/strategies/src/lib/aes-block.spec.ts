import { createCipheriv, randomBytes } from 'node:crypto';
import { createAesBlockCipher } from './aes-block';

describe('createAesBlockCipher', () => {
  it.each([16, 24, 32])('matches node:crypto AES-%i-byte-key ECB on random blocks', (size) => {
    for (let round = 0; round < 50; round++) {
      const key = randomBytes(size);
      const block = randomBytes(16);
      const expected = createCipheriv(`aes-${size * 8}-ecb`, key, null).update(block);
      const input = new Uint32Array(4);
      const output = new Uint32Array(4);
      for (let i = 0; i < 4; i++) input[i] = block.readUInt32BE(4 * i);
      createAesBlockCipher(key).encryptWords(input, output);
      const got = Buffer.alloc(16);
      for (let i = 0; i < 4; i++) got.writeUInt32BE(output[i]! >>> 0, 4 * i);
      expect(got.toString('hex')).toBe(expected.toString('hex'));
    }
  });

  it('matches the FIPS 197 appendix C.1 example', () => {
    const key = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
    const input = Uint32Array.from([0x00112233, 0x44556677, 0x8899aabb, 0xccddeeff]);
    const output = new Uint32Array(4);
    createAesBlockCipher(key).encryptWords(input, output);
    expect(Array.from(output, (w) => (w >>> 0).toString(16).padStart(8, '0')).join('')).toBe(
      '69c4e0d86a7b0430d8cdb78070b4c55a',
    );
  });
});
