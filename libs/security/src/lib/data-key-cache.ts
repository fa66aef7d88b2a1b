/** Unwrapped data keys kept in memory for a short while, zeroed when they leave. */
export class DataKeyCache {
  readonly #entries = new Map<string, { key: Buffer; expiresAt: number }>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(ttlMs: number, now: () => number = Date.now) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  /** The key for `id` while it is fresh; an expired one is zeroed and forgotten. */
  get(id: string): Buffer | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.delete(id);
      return undefined;
    }
    return entry.key;
  }

  /** Keeps `key` (the cache's own copy) for the cache's TTL. */
  set(id: string, key: Buffer): void {
    this.delete(id);
    this.#entries.set(id, { key: Buffer.from(key), expiresAt: this.#now() + this.#ttlMs });
  }

  delete(id: string): void {
    this.#entries.get(id)?.key.fill(0);
    this.#entries.delete(id);
  }

  /** Zeroes and forgets every key. */
  clear(): void {
    for (const id of [...this.#entries.keys()]) this.delete(id);
  }

  get size(): number {
    return this.#entries.size;
  }
}
