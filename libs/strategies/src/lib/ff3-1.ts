import { ConfitureError } from '@confiture/domain';
import { createAesBlockCipher } from './aes-block';

/** The standard's minimum domain size: radix^minlen >= 1,000,000 (SP 800-38G Rev. 1, §5.2). */
const MIN_DOMAIN = 1_000_000n;
const TWO_96 = 2n ** 96n;

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

  /** y mod `modulus` with Numbers only, when modulus < 2^45 (so r·256 + 255 stays exact). */
  const roundValueMod = (round: number, halfValue: number, modulus: number): number => {
    // halfValue < 2^45: split into 24-bit halves so bytes come from integer bit operations.
    const high = Math.floor(halfValue / 0x1000000);
    const low = halfValue - high * 0x1000000;
    roundBytes(round, (i) =>
      i < 3 ? (low >>> (8 * i)) & 255 : i < 6 ? (high >>> (8 * (i - 3))) & 255 : 0,
    );
    let r = 0;
    for (let i = 15; i >= 0; i--) {
      // Exact remainder without fmod: the quotient of doubles is off by at most one.
      const a = r * 256 + bytes[i]!;
      r = a - Math.floor(a / modulus) * modulus;
      if (r < 0) r += modulus;
      else if (r >= modulus) r -= modulus;
    }
    return r;
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
    if (u <= fastLimit) return fastRounds(x, u, v, radix, roundValueMod, true);
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
    if (u <= fastLimit) return fastRounds(x, u, v, radix, roundValueMod, false);
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

/** The eight Feistel rounds with Number arithmetic (halves below 2^45). */
function fastRounds(
  x: number[],
  u: number,
  v: number,
  radix: number,
  roundValueMod: (round: number, halfValue: number, modulus: number) => number,
  encrypt: boolean,
): number[] {
  const modU = radix ** u;
  const modV = radix ** v;
  const value = (half: number[]) => {
    let n = 0;
    for (let i = half.length - 1; i >= 0; i--) n = n * radix + half[i]!;
    return n;
  };
  const numerals = (n: number, m: number) => {
    const out = new Array<number>(m);
    for (let i = 0; i < m; i++) {
      const q = Math.floor(n / radix);
      out[i] = n - q * radix;
      n = q;
    }
    return out;
  };
  let a = x.slice(0, u);
  let b = x.slice(u);
  if (encrypt) {
    for (let i = 0; i < 8; i++) {
      const m = i % 2 === 0 ? u : v;
      const modulus = i % 2 === 0 ? modU : modV;
      const c = (value(a) + roundValueMod(i, value(b), modulus)) % modulus;
      a = b;
      b = numerals(c, m);
    }
  } else {
    for (let i = 7; i >= 0; i--) {
      const m = i % 2 === 0 ? u : v;
      const modulus = i % 2 === 0 ? modU : modV;
      const c = (value(b) - roundValueMod(i, value(a), modulus) + modulus) % modulus;
      b = a;
      a = numerals(c, m);
    }
  }
  return [...a, ...b];
}

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
