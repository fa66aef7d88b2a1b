import { ConfitureError } from '@confiture/domain';
import { createAesBlockCipher } from './aes-block';

/** The standard's minimum domain size: radix^minlen >= 1,000,000 (SP 800-38G Rev. 1, §5.2). */
const MIN_DOMAIN = 1_000_000n;
const TWO_96 = 2n ** 96n;
/** Moduli up to 2^29 reduce y three bytes at a time in exact Number arithmetic. */
const SMALL_MODULUS = 2 ** 29;

/** An FF3-1 cipher bound to one key, tweak and alphabet (reuses one AES context). */
export interface Ff3_1Cipher {
  readonly radix: number;
  readonly minLength: number;
  readonly maxLength: number;
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
  /** Same as encrypt/decrypt on numeral arrays (values in [0, radix)). */
  encryptNumerals(numerals: number[]): number[];
  decryptNumerals(numerals: number[]): number[];
}

/**
 * FF3-1 format-preserving encryption (NIST SP 800-38G Rev. 1): AES-128/192/256 key as hex,
 * a 56-bit tweak as 14 hex characters, an alphabet of 2..65536 distinct characters (its radix).
 */
export function createFf3_1(keyHex: string, tweakHex: string, alphabet: string): Ff3_1Cipher {
  const key = parseHex(keyHex, 'key');
  if (![16, 24, 32].includes(key.length)) {
    throw ff3Error(
      `key must be 128, 192 or 256 bits (32, 48 or 64 hex characters), got ${key.length * 8} bits`,
    );
  }
  const tweak = parseHex(tweakHex, 'tweak');
  if (tweak.length !== 7) {
    throw ff3Error(`tweak must be 56 bits (14 hex characters), got ${tweak.length * 8} bits`);
  }
  const symbols = Array.from(alphabet);
  const radix = symbols.length;
  if (radix < 2 || radix > 65536)
    throw ff3Error(`alphabet must have 2..65536 characters, has ${radix}`);
  const index = new Map<string, number>();
  symbols.forEach((s, i) => index.set(s, i));
  if (index.size !== radix) throw ff3Error('alphabet has a repeated character');
  const bigRadix = BigInt(radix);
  let minLength = 2;
  while (bigRadix ** BigInt(minLength) < MIN_DOMAIN) minLength++;
  let maxLength = 0;
  while (bigRadix ** BigInt(maxLength + 1) <= TWO_96) maxLength++;
  maxLength *= 2;

  // AES with the byte-reversed key (REVB(K)).
  const aes = createAesBlockCipher(Uint8Array.from(key).reverse());
  const tweakLeft = [tweak[0]!, tweak[1]!, tweak[2]!, tweak[3]! & 0xf0];
  const tweakRight = [tweak[4]!, tweak[5]!, tweak[6]!, (tweak[3]! & 0x0f) << 4];
  const input = new Uint32Array(4);
  const output = new Uint32Array(4);
  const bytes = new Uint8Array(16);
  const powers = new Map<number, bigint>();
  const power = (m: number) => {
    let p = powers.get(m);
    if (p === undefined) {
      p = bigRadix ** BigInt(m);
      powers.set(m, p);
    }
    return p;
  };

  /**
   * One round function call: S = REVB(CIPH_REVB(K)(REVB(P))) for
   * P = W ⊕ [i]^4 || [NUM_radix(REV(X))]^12, given `halfLow`, the bytes of NUM_radix(REV(X))
   * least significant first. Leaves S's bytes, least significant first, in `bytes`.
   */
  const roundBytes = (round: number, halfLow: (i: number) => number): void => {
    const w = round % 2 === 0 ? tweakRight : tweakLeft;
    // REVB(P): bytes 0..11 are NUM(REV(X)) little-endian, then W[3]^i, W[2], W[1], W[0].
    for (let i = 0; i < 12; i++) bytes[i] = halfLow(i);
    bytes[12] = w[3]! ^ round;
    bytes[13] = w[2]!;
    bytes[14] = w[1]!;
    bytes[15] = w[0]!;
    for (let i = 0; i < 4; i++) {
      input[i] =
        (bytes[4 * i]! << 24) |
        (bytes[4 * i + 1]! << 16) |
        (bytes[4 * i + 2]! << 8) |
        bytes[4 * i + 3]!;
    }
    aes.encryptWords(input, output);
    for (let i = 0; i < 4; i++) {
      const word = output[i]!;
      bytes[4 * i] = word >>> 24;
      bytes[4 * i + 1] = (word >>> 16) & 255;
      bytes[4 * i + 2] = (word >>> 8) & 255;
      bytes[4 * i + 3] = word & 255;
    }
  };

  /** y = NUM(S) as a BigInt (S read with bytes[15] most significant). */
  const roundValue = (round: number, half: number[]): bigint => {
    let x = numReversed(half, bigRadix);
    const low = new Array<number>(12);
    for (let i = 0; i < 12; i++) {
      low[i] = Number(x & 0xffn);
      x >>= 8n;
    }
    roundBytes(round, (i) => low[i]!);
    let y = 0n;
    for (let i = 15; i >= 0; i--) y = (y << 8n) | BigInt(bytes[i]!);
    return y;
  };

  const tweakWords = [tweakLeft, tweakRight].map(
    (w) => ((w[3]! << 24) | (w[2]! << 16) | (w[1]! << 8) | w[0]!) >>> 0,
  );
  /**
   * y mod `modulus` for the half value `half` (= NUM_radix(REV(X)) < 2^45), with the block built
   * straight from integer bit operations: REVB(P) is `half` little-endian, then W ⊕ [i].
   */
  const roundMod = (round: number, half: number, modulus: number): number => {
    // (Math.floor is avoided on hot paths: it is not inlined inside Jest's VM contexts.)
    const low = half % 0x1000000;
    const high = (half - low) / 0x1000000;
    input[0] =
      ((low & 255) << 24) |
      (((low >>> 8) & 255) << 16) |
      (((low >>> 16) & 255) << 8) |
      (high & 255);
    input[1] = (((high >>> 8) & 255) << 24) | (((high >>> 16) & 255) << 16);
    input[2] = 0;
    input[3] = tweakWords[round % 2 === 0 ? 1 : 0]! ^ (round << 24);
    aes.encryptWords(input, output);
    // y's bytes, most significant first, are each word's bytes from its lowest, words 3 to 0.
    if (modulus <= SMALL_MODULUS) {
      // Three bytes per step (r < 2^29, so r·2^24 + 2^24 − 1 stays exact below 2^53): 6 remainders
      // instead of 16, each a call to fmod.
      let r = output[3]! & 255;
      for (let k = 1; k < 16; k += 3) {
        r = (r * 0x1000000 + byteAt(k) * 0x10000 + byteAt(k + 1) * 0x100 + byteAt(k + 2)) % modulus;
      }
      return r;
    }
    let r = 0;
    for (let i = 3; i >= 0; i--) {
      const word = output[i]!;
      for (let shift = 0; shift < 32; shift += 8) {
        r = (r * 256 + ((word >>> shift) & 255)) % modulus;
      }
    }
    return r;
  };
  /** Byte k (0 = most significant) of y, as read from `output`. */
  const byteAt = (k: number): number => (output[3 - (k >> 2)]! >>> ((k & 3) * 8)) & 255;

  /** The eight rounds on the half values themselves: NUM_radix(REV(C)) is c, so no arrays. */
  const fastNumerals = (x: number[], u: number, v: number, encrypt: boolean): number[] => {
    const modU = radix ** u;
    const modV = radix ** v;
    let a = 0;
    for (let i = u - 1; i >= 0; i--) a = a * radix + x[i]!;
    let b = 0;
    for (let i = x.length - 1; i >= u; i--) b = b * radix + x[i]!;
    if (encrypt) {
      for (let i = 0; i < 8; i++) {
        const modulus = i % 2 === 0 ? modU : modV;
        const c = (a + roundMod(i, b, modulus)) % modulus;
        a = b;
        b = c;
      }
    } else {
      for (let i = 7; i >= 0; i--) {
        const modulus = i % 2 === 0 ? modU : modV;
        const c = (b - roundMod(i, a, modulus) + modulus) % modulus;
        b = a;
        a = c;
      }
    }
    const out = new Array<number>(x.length);
    for (let i = 0; i < u; i++) {
      const d = a % radix;
      out[i] = d;
      a = (a - d) / radix;
    }
    for (let i = u; i < x.length; i++) {
      const d = b % radix;
      out[i] = d;
      b = (b - d) / radix;
    }
    return out;
  };

  // Values whose halves stay below 2^45 use exact Number arithmetic instead of BigInt.
  const fastLimit = Math.floor(45 / Math.log2(radix));

  const checkLength = (n: number) => {
    if (n < minLength || n > maxLength) {
      throw ff3Error(
        `input has ${n} characters of the alphabet; FF3-1 with radix ${radix} needs ${minLength}..${maxLength} (domain radix^minlen >= 1,000,000, maxlen = 2·floor(96/log2(radix)))`,
      );
    }
  };

  const encryptNumerals = (x: number[]): number[] => {
    checkLength(x.length);
    const u = Math.ceil(x.length / 2);
    const v = x.length - u;
    if (u <= fastLimit) return fastNumerals(x, u, v, true);
    let a = x.slice(0, u);
    let b = x.slice(u);
    for (let i = 0; i < 8; i++) {
      const m = i % 2 === 0 ? u : v;
      const c = mod(numReversed(a, bigRadix) + roundValue(i, b), power(m));
      a = b;
      b = strReversed(c, bigRadix, m);
    }
    return [...a, ...b];
  };

  const decryptNumerals = (x: number[]): number[] => {
    checkLength(x.length);
    const u = Math.ceil(x.length / 2);
    const v = x.length - u;
    if (u <= fastLimit) return fastNumerals(x, u, v, false);
    let a = x.slice(0, u);
    let b = x.slice(u);
    for (let i = 7; i >= 0; i--) {
      const m = i % 2 === 0 ? u : v;
      const c = mod(numReversed(b, bigRadix) - roundValue(i, a), power(m));
      b = a;
      a = strReversed(c, bigRadix, m);
    }
    return [...a, ...b];
  };

  const toNumerals = (text: string): number[] =>
    Array.from(text, (ch) => {
      const n = index.get(ch);
      if (n === undefined) throw ff3Error('input has a character outside the alphabet');
      return n;
    });
  const toText = (numerals: number[]) => numerals.map((n) => symbols[n]).join('');

  return {
    radix,
    minLength,
    maxLength,
    encrypt: (plaintext) => toText(encryptNumerals(toNumerals(plaintext))),
    decrypt: (ciphertext) => toText(decryptNumerals(toNumerals(ciphertext))),
    encryptNumerals,
    decryptNumerals,
  };
}

/** FF3-1 as the standard states it; `keyHex`/`tweakHex` in hex, texts over `alphabet`. */
export const ff3_1 = {
  /** Encrypts `plaintext` (characters of `alphabet`) under key and 56-bit tweak. */
  encrypt(keyHex: string, tweakHex: string, alphabet: string, plaintext: string): string {
    return createFf3_1(keyHex, tweakHex, alphabet).encrypt(plaintext);
  },
  /** Decrypts what {@link ff3_1.encrypt} produced. */
  decrypt(keyHex: string, tweakHex: string, alphabet: string, ciphertext: string): string {
    return createFf3_1(keyHex, tweakHex, alphabet).decrypt(ciphertext);
  },
};

/** NUM_radix(REV(X)): the numerals read least-significant first. */
function numReversed(x: number[], radix: bigint): bigint {
  let n = 0n;
  for (let i = x.length - 1; i >= 0; i--) n = n * radix + BigInt(x[i]!);
  return n;
}

/** REV(STR^m_radix(n)): m numerals, least-significant first. */
function strReversed(n: bigint, radix: bigint, m: number): number[] {
  const out = new Array<number>(m);
  for (let i = 0; i < m; i++) {
    out[i] = Number(n % radix);
    n /= radix;
  }
  return out;
}

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

function parseHex(hex: string, what: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex))
    throw ff3Error(`${what} must be an even number of hex digits`);
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

function ff3Error(reason: string): ConfitureError {
  return new ConfitureError('STRATEGY_VALUE', `fpe (FF3-1): ${reason}`, {
    hint: 'See docs/strategies.md#fpe for the lengths and alphabets FF3-1 accepts.',
  });
}
