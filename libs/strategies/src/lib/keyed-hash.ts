import * as crypto from 'node:crypto';
import { Sha256Hmac } from './sha256-hmac';

/**
 * HMAC-SHA256 of strings under one fixed key, tuned for millions of calls per second.
 *
 * Why not `createHmac` per value: it builds a native object each call (about 4–5 µs on the
 * reference machine). {@link Sha256Hmac} computes the same HMAC (RFC 2104) in JavaScript with the
 * key's pad states computed once: two SHA-256 compressions per short value and no native call.
 * The spec checks the result equals `createHmac('sha256', key)` for arbitrary Unicode.
 */
export interface KeyedHash {
  /** HMAC-SHA256(key, utf8(value)) as lowercase hex: 64 characters, or the first `chars` (even). */
  hex(value: string, chars?: number): string;
  /** HMAC-SHA256(key, utf8(value)) as 32 latin1 characters (one byte each), for drawing numbers. */
  bytes(value: string): string;
  /** HMAC-SHA256(key, utf8(value)) as bytes; the array is overwritten by the next call. */
  digest(value: string): Uint8Array;
  /**
   * Computes the HMACs of `values` together (four at a time in WebAssembly SIMD lanes) for the
   * calls that follow in the same order; any other value is hashed on the spot. Speed only.
   */
  prepare(values: readonly string[]): void;
}

/** Block size of SHA-256. */
const BLOCK = 64;

/** Creates a {@link KeyedHash}; `key` must be 64 bytes, each below 0x80 (see {@link asciiKey}). */
export function createKeyedHash(key: Buffer): KeyedHash {
  if (key.length !== BLOCK || key.some((b) => b >= 0x80)) {
    throw new Error('keyed hash needs a 64-byte key of 7-bit bytes');
  }
  const hmac = new Sha256Hmac(key);
  return {
    hex: (value, chars) => hmac.hex(value, chars),
    bytes: (value) => hmac.bytes(value),
    digest: (value) => hmac.digest(value),
    prepare: (values) => hmac.prepare(values),
  };
}

/** The 64-byte 7-bit key {@link createKeyedHash} needs, from any key bytes (448 bits kept). */
export function asciiKey(material: Buffer): Buffer {
  if (material.length < BLOCK) throw new Error('asciiKey needs at least 64 bytes');
  const key = Buffer.alloc(BLOCK);
  for (let i = 0; i < BLOCK; i++) key[i] = material[i]! & 0x7f;
  return key;
}

/** Reference HMAC-SHA256 (slow path), for tests and one-off derivations. */
export function hmacSha256Hex(key: Buffer, value: string): string {
  return crypto.createHmac('sha256', key).update(value, 'utf8').digest('hex');
}
