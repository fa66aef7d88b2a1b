import { createCipheriv, type Cipher } from 'node:crypto';
import { ConfitureError } from '@confiture/domain';

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

  // AES with the byte-reversed key (REVB(K)), one block at a time in ECB mode.
  const aes: Cipher = createCipheriv(`aes-${key.length * 8}-ecb`, Buffer.from(key).reverse(), null);
  aes.setAutoPadding(false);
  const tweakLeft = Buffer.from([tweak[0]!, tweak[1]!, tweak[2]!, tweak[3]! & 0xf0]);
  const tweakRight = Buffer.from([tweak[4]!, tweak[5]!, tweak[6]!, (tweak[3]! & 0x0f) << 4]);
  const block = Buffer.alloc(16);
  const powers = new Map<number, bigint>();
  const power = (m: number) => {
    let p = powers.get(m);
    if (p === undefined) {
      p = bigRadix ** BigInt(m);
      powers.set(m, p);
    }
    return p;
  };

  /** y = NUM(REVB(CIPH_REVB(K)(REVB(P)))) for P = W ⊕ [i]^4 || [NUM_radix(REV(X))]^12. */
  const roundValue = (round: number, half: number[]): bigint => {
    const w = round % 2 === 0 ? tweakRight : tweakLeft;
    // P in byte-reversed order: bytes 0..11 = REVB of NUM_radix(REV(half)) as 12 bytes.
    let x = numReversed(half, bigRadix);
    for (let i = 0; i < 12; i++) {
      block[i] = Number(x & 0xffn);
      x >>= 8n;
    }
    block[12] = w[3]! ^ round;
    block[13] = w[2]!;
    block[14] = w[1]!;
    block[15] = w[0]!;
    const s = aes.update(block);
    let y = 0n;
    for (let i = 15; i >= 0; i--) y = (y << 8n) | BigInt(s[i]!);
    return y;
  };

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
