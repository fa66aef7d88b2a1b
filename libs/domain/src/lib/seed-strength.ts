/** The least a seed read from the environment must carry, in estimated bits (see {@link seedStrength}). */
export const MIN_SEED_BITS = 128;

/** Fewest distinct characters a seed may have: `aaaa…` or `0101…` is not key material. */
export const MIN_SEED_DISTINCT_CHARACTERS = 8;

/** How much a seed can carry at most, and why. */
export interface SeedStrength {
  /** The smallest usual alphabet the seed is written in. */
  alphabet: 'hex' | 'base64' | 'text';
  /** Upper bound of its entropy: length × bits per character of that alphabet. */
  bits: number;
  /** How many different characters it uses. */
  distinct: number;
  /** Whether it meets {@link MIN_SEED_BITS} and {@link MIN_SEED_DISTINCT_CHARACTERS}. */
  strong: boolean;
}

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/=_-]+$/;
/** Bits per character of printable ASCII (95 characters); other text counts the same. */
const TEXT_BITS_PER_CHARACTER = Math.log2(95);

/**
 * An upper bound of a seed's entropy, from its length and alphabet: hex carries 4 bits a
 * character (`openssl rand -hex 32`: 256), base64 6, other text at most 6.6. A seed under
 * {@link MIN_SEED_BITS} (fewer than 32 hex characters, 22 base64 ones) or with fewer than
 * {@link MIN_SEED_DISTINCT_CHARACTERS} distinct characters cannot be random enough. This catches
 * short and trivial seeds; it cannot tell a random string from a predictable one of the same length.
 */
export function seedStrength(seed: string): SeedStrength {
  const characters = [...seed];
  const distinct = new Set(characters).size;
  const alphabet = HEX.test(seed) ? 'hex' : BASE64.test(seed) ? 'base64' : 'text';
  const perCharacter = alphabet === 'hex' ? 4 : alphabet === 'base64' ? 6 : TEXT_BITS_PER_CHARACTER;
  const bits = Math.floor(characters.length * perCharacter);
  return {
    alphabet,
    bits,
    distinct,
    strong: bits >= MIN_SEED_BITS && distinct >= MIN_SEED_DISTINCT_CHARACTERS,
  };
}
