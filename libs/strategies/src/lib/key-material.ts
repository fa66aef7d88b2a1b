import { hkdfSync } from 'node:crypto';
import { inspect } from 'node:util';
import { ConfitureError, Secret } from '@confiture/domain';
import { asciiKey, createKeyedHash, type KeyedHash } from './keyed-hash';

/** Fixed HKDF salt: versions the derivation so a future scheme cannot collide with this one. */
const HKDF_SALT = Buffer.from('confiture/strategies/v1', 'utf8');

/**
 * Keys derived from one seed with HKDF-SHA256, one per purpose label (`email`, `hash:sha256`,
 * `fpe:key:default:256`...). Labels name the strategy type and the options that change the
 * output, never a table or a column, so one value anonymizes the same way everywhere under one
 * seed and joins on anonymized values still match. Never prints the seed or a key.
 */
export class KeyMaterial {
  readonly #seed: Buffer;
  readonly #keys = new Map<string, Buffer>();
  readonly #hashes = new Map<string, KeyedHash>();

  /** Use {@link createKeyMaterial}. */
  constructor(seed: Buffer) {
    this.#seed = seed;
  }

  /** `length` bytes of key for `purpose` (HKDF-SHA256 expand with info `confiture:<purpose>`). */
  key(purpose: string, length = 32): Buffer {
    const id = `${length}:${purpose}`;
    let key = this.#keys.get(id);
    if (!key) {
      key = Buffer.from(
        hkdfSync('sha256', this.#seed, HKDF_SALT, `confiture:${purpose}`, length) as ArrayBuffer,
      );
      this.#keys.set(id, key);
    }
    return key;
  }

  /** The HMAC-SHA256 keyed for `purpose`, built once and reused for every value. */
  hmac(purpose: string): KeyedHash {
    let hash = this.#hashes.get(purpose);
    if (!hash) {
      hash = createKeyedHash(asciiKey(this.key(`hmac:${purpose}`, 64)));
      this.#hashes.set(purpose, hash);
    }
    return hash;
  }

  toString(): string {
    return 'KeyMaterial(***)';
  }

  toJSON(): string {
    return 'KeyMaterial(***)';
  }

  [inspect.custom](): string {
    return 'KeyMaterial(***)';
  }
}

/**
 * Key material for deterministic strategies from a seed (a {@link Secret} from `readSeed`, or a
 * string in tests and standalone use). An empty seed is refused: there is no default seed.
 */
export function createKeyMaterial(seed: Secret | string): KeyMaterial {
  const value = seed instanceof Secret ? seed.reveal() : seed;
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfitureError('SEED_MISSING', 'the seed is empty', {
      hint: 'Give a non-empty seed (e.g. `export CONFITURE_SEED=$(openssl rand -hex 32)`).',
    });
  }
  return new KeyMaterial(Buffer.from(value, 'utf8'));
}
