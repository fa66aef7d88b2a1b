import { randomBytes } from 'node:crypto';
import { openAesGcm, sealAesGcm, type SealedBox } from './aes-gcm';

const key = randomBytes(32);
const aad = Buffer.from('{"column":"email","table":"public.users"}');
const plaintext = Buffer.from('alice@example.com');

function flip(buffer: Buffer, index: number): Buffer {
  const copy = Buffer.from(buffer);
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
}

describe('AES-256-GCM sealed boxes', () => {
  let box: SealedBox;
  beforeEach(() => {
    box = sealAesGcm(key, plaintext, aad);
  });

  it('opens what it sealed', () => {
    expect(openAesGcm(key, box, aad).toString()).toBe('alice@example.com');
  });

  it('uses a fresh 96-bit nonce for every encryption of the same value', () => {
    const again = sealAesGcm(key, plaintext, aad);
    expect(box.nonce).toHaveLength(12);
    expect(again.nonce.equals(box.nonce)).toBe(false);
    expect(again.ciphertext.equals(box.ciphertext)).toBe(false);
  });

  it('does not contain the plaintext', () => {
    expect(box.ciphertext.includes(plaintext)).toBe(false);
  });

  it.each([0, 5, 16])('fails when byte %i of the ciphertext is flipped', (index) => {
    expect(() => openAesGcm(key, { ...box, ciphertext: flip(box.ciphertext, index) }, aad)).toThrow(
      expect.objectContaining({ code: 'INTEGRITY_FAILED' }),
    );
  });

  it('fails when the tag is flipped', () => {
    const last = box.ciphertext.length - 1;
    expect(() => openAesGcm(key, { ...box, ciphertext: flip(box.ciphertext, last) }, aad)).toThrow(
      expect.objectContaining({ code: 'INTEGRITY_FAILED' }),
    );
  });

  it.each([0, 11])('fails when byte %i of the nonce is flipped', (index) => {
    expect(() => openAesGcm(key, { ...box, nonce: flip(box.nonce, index) }, aad)).toThrow(
      expect.objectContaining({ code: 'INTEGRITY_FAILED' }),
    );
  });

  it('fails when the associated data names another column', () => {
    const other = Buffer.from('{"column":"phone","table":"public.users"}');
    expect(() => openAesGcm(key, box, other)).toThrow(
      expect.objectContaining({ code: 'INTEGRITY_FAILED' }),
    );
  });

  it('fails when one byte of the associated data is flipped', () => {
    expect(() => openAesGcm(key, box, flip(aad, 3))).toThrow(
      expect.objectContaining({ code: 'INTEGRITY_FAILED' }),
    );
  });

  it('fails under another key, without quoting any key material', () => {
    const error = (() => {
      try {
        openAesGcm(randomBytes(32), box, aad);
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toMatchObject({ code: 'INTEGRITY_FAILED' });
    expect(error?.message).not.toContain(key.toString('hex'));
  });

  it('refuses a truncated box', () => {
    expect(() => openAesGcm(key, { nonce: box.nonce, ciphertext: Buffer.alloc(4) }, aad)).toThrow(
      expect.objectContaining({ code: 'INTEGRITY_FAILED' }),
    );
  });

  it('refuses a key that is not 256 bits', () => {
    expect(() => sealAesGcm(randomBytes(16), plaintext, aad)).toThrow(/32 bytes, not 16/);
  });
});
