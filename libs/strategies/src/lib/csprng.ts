import { randomFillSync } from 'node:crypto';

const POOL_WORDS = 4096;

/**
 * Uniform doubles from the operating system's CSPRNG (`crypto.randomFillSync`), drawn in batches
 * so the per-value cost stays small. Never Math.random.
 */
export class SecureUniform {
  readonly #pool = new Uint32Array(POOL_WORDS);
  #next = POOL_WORDS;

  /** A double uniform in (0, 1): 53 random bits, never exactly 0 or 1. */
  open(): number {
    if (this.#next + 2 > POOL_WORDS) {
      randomFillSync(this.#pool);
      this.#next = 0;
    }
    const high = this.#pool[this.#next++]! >>> 5;
    const low = this.#pool[this.#next++]! >>> 6;
    return (high * 67108864 + low + 0.5) / 9007199254740992;
  }

  /** A Laplace(0, b) draw by inverse CDF. */
  laplace(scale: number): number {
    const u = this.open() - 0.5;
    return -scale * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
  }

  /** A Normal(0, σ) draw by Box–Muller. */
  gaussian(sigma: number): number {
    const r = Math.sqrt(-2 * Math.log(this.open()));
    return sigma * r * Math.cos(2 * Math.PI * this.open());
  }
}
