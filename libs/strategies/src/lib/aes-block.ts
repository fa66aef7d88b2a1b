/**
 * AES block encryption (FIPS 197) in JavaScript, for FF3-1. Node's `Cipher#update` costs about
 * 3.5 µs per 16-byte block on the reference machine, and FF3-1 encrypts eight dependent blocks per
 * value; table-driven AES here costs well under a microsecond. Encryption only (FF3-1 never
 * decrypts blocks); the spec checks it against node:crypto for all key sizes.
 */
const SBOX = new Uint8Array(256);
const T0 = new Uint32Array(256);
const T1 = new Uint32Array(256);
const T2 = new Uint32Array(256);
const T3 = new Uint32Array(256);

(function buildTables() {
  const double = new Uint8Array(256);
  const third = new Uint8Array(256);
  for (let i = 0; i < 256; i++) double[i] = (i << 1) ^ ((i >> 7) * 0x11b);
  for (let i = 0; i < 256; i++) third[double[i]! ^ i] = i;
  // Walk the multiplicative group to get each element with its inverse (as in SJCL).
  let x = 0;
  let inverse = 0;
  let filled = 0;
  while (filled < 256) {
    let s = inverse ^ (inverse << 1) ^ (inverse << 2) ^ (inverse << 3) ^ (inverse << 4);
    s = (s >> 8) ^ (s & 255) ^ 0x63;
    SBOX[x] = s;
    filled++;
    let t = (double[s]! * 0x101) ^ (s * 0x1010100);
    t = (t << 24) ^ (t >>> 8);
    T0[x] = t;
    t = (t << 24) ^ (t >>> 8);
    T1[x] = t;
    t = (t << 24) ^ (t >>> 8);
    T2[x] = t;
    t = (t << 24) ^ (t >>> 8);
    T3[x] = t;
    const x2 = double[x]!;
    x ^= x2 || 1;
    inverse = third[inverse]! || 1;
  }
})();

/** An expanded AES key: encrypts one block given as four big-endian 32-bit words. */
export interface AesBlockCipher {
  /** Encrypts `input` (4 words) into `output` (4 words). */
  encryptWords(input: Uint32Array, output: Uint32Array): void;
}

/** Expands a 16-, 24- or 32-byte key. */
export function createAesBlockCipher(key: Uint8Array): AesBlockCipher {
  const nk = key.length / 4;
  if (![4, 6, 8].includes(nk)) throw new Error('AES keys are 16, 24 or 32 bytes');
  const words = new Uint32Array(4 * nk + 28);
  for (let i = 0; i < nk; i++) {
    words[i] =
      (key[4 * i]! << 24) | (key[4 * i + 1]! << 16) | (key[4 * i + 2]! << 8) | key[4 * i + 3]!;
  }
  let rcon = 1;
  for (let i = nk; i < words.length; i++) {
    let t = words[i - 1]!;
    if (i % nk === 0 || (nk === 8 && i % nk === 4)) {
      t =
        (SBOX[t >>> 24]! << 24) ^
        (SBOX[(t >> 16) & 255]! << 16) ^
        (SBOX[(t >> 8) & 255]! << 8) ^
        SBOX[t & 255]!;
      if (i % nk === 0) {
        t = (t << 8) ^ (t >>> 24) ^ (rcon << 24);
        rcon = (rcon << 1) ^ ((rcon >> 7) * 0x11b);
      }
    }
    words[i] = words[i - nk]! ^ t;
  }
  const inner = words.length / 4 - 2;
  return {
    encryptWords(input, output) {
      let a = input[0]! ^ words[0]!;
      let b = input[1]! ^ words[1]!;
      let c = input[2]! ^ words[2]!;
      let d = input[3]! ^ words[3]!;
      let k = 4;
      for (let r = 0; r < inner; r++) {
        const a2 =
          T0[a >>> 24]! ^ T1[(b >> 16) & 255]! ^ T2[(c >> 8) & 255]! ^ T3[d & 255]! ^ words[k]!;
        const b2 =
          T0[b >>> 24]! ^ T1[(c >> 16) & 255]! ^ T2[(d >> 8) & 255]! ^ T3[a & 255]! ^ words[k + 1]!;
        const c2 =
          T0[c >>> 24]! ^ T1[(d >> 16) & 255]! ^ T2[(a >> 8) & 255]! ^ T3[b & 255]! ^ words[k + 2]!;
        d =
          T0[d >>> 24]! ^ T1[(a >> 16) & 255]! ^ T2[(b >> 8) & 255]! ^ T3[c & 255]! ^ words[k + 3]!;
        a = a2;
        b = b2;
        c = c2;
        k += 4;
      }
      for (let i = 0; i < 4; i++) {
        output[i] =
          (SBOX[a >>> 24]! << 24) ^
          (SBOX[(b >> 16) & 255]! << 16) ^
          (SBOX[(c >> 8) & 255]! << 8) ^
          SBOX[d & 255]! ^
          words[k++]!;
        const t = a;
        a = b;
        b = c;
        c = d;
        d = t;
      }
    },
  };
}
