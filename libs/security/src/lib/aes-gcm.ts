import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ConfitureError } from '@confiture/domain';

/** AES-256 key length in bytes. */
export const AES_256_KEY_BYTES = 32;
/** GCM nonce length in bytes (96 bits, the size GCM is defined for). */
export const GCM_NONCE_BYTES = 12;
/** GCM authentication tag length in bytes. */
export const GCM_TAG_BYTES = 16;

/** What AES-256-GCM produces: a fresh nonce and the ciphertext with its tag appended. */
export interface SealedBox {
  nonce: Buffer;
  /** Ciphertext followed by the 16-byte authentication tag. */
  ciphertext: Buffer;
}

/**
 * Encrypts `plaintext` with AES-256-GCM under a fresh random 96-bit nonce, authenticating
 * `associatedData` (which is not encrypted but must be given again, unchanged, to open the box).
 */
export function sealAesGcm(key: Buffer, plaintext: Buffer, associatedData: Buffer): SealedBox {
  assertKey(key);
  const nonce = randomBytes(GCM_NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(associatedData);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { nonce, ciphertext: Buffer.concat([body, cipher.getAuthTag()]) };
}

/**
 * Decrypts a {@link SealedBox}. Any change to the ciphertext, the tag, the nonce, the associated
 * data or the key fails with INTEGRITY_FAILED; nothing of the plaintext is released then.
 */
export function openAesGcm(key: Buffer, box: SealedBox, associatedData: Buffer): Buffer {
  assertKey(key);
  if (box.nonce.length !== GCM_NONCE_BYTES || box.ciphertext.length < GCM_TAG_BYTES) {
    throw integrityError();
  }
  const body = box.ciphertext.subarray(0, box.ciphertext.length - GCM_TAG_BYTES);
  const tag = box.ciphertext.subarray(box.ciphertext.length - GCM_TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, box.nonce, {
      authTagLength: GCM_TAG_BYTES,
    });
    decipher.setAAD(associatedData);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw integrityError();
  }
}

function assertKey(key: Buffer): void {
  if (key.length !== AES_256_KEY_BYTES) {
    throw new ConfitureError('KEY_PROVIDER', `an AES-256 key has 32 bytes, not ${key.length}`);
  }
}

function integrityError(): ConfitureError {
  return new ConfitureError(
    'INTEGRITY_FAILED',
    'encrypted value failed authentication: its ciphertext, nonce or associated data was altered, or the key is wrong',
  );
}
