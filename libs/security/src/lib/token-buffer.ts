import type { TokenEntry } from './token-vault';

/** Where buffered tokens go: a {@link TokenVault} or anything that stores them the same way. */
export interface TokenStore {
  storeTokens(entries: readonly TokenEntry[]): Promise<{ stored: number }>;
}

/**
 * A token sink for the `tokenize` strategy (its synchronous `record`) in front of the vault's
 * batched, asynchronous `storeTokens`. It keeps each distinct token once; the caller flushes at
 * batch boundaries (and when {@link shouldFlush} says so), and must flush before the anonymized
 * rows are committed, so that no token reaches the target without its original in the vault.
 */
export class TokenBuffer {
  readonly #store: TokenStore;
  readonly #table: string;
  readonly #flushAt: number;
  #pending = new Map<string, TokenEntry>();
  #stored = 0;

  /** `table` is the schema-qualified table whose column values are being tokenized. */
  constructor(store: TokenStore, table: string, options: { flushAt?: number } = {}) {
    this.#store = store;
    this.#table = table;
    this.#flushAt = options.flushAt ?? 5000;
  }

  /** The `TokenSink.record` of @confiture/strategies. */
  record(token: string, original: string, meta: { column: string }): void {
    const key = `${meta.column}\u0000${token}`;
    if (!this.#pending.has(key)) {
      this.#pending.set(key, { token, original, table: this.#table, column: meta.column });
    }
  }

  /** Whether enough tokens are waiting that the caller should flush now. */
  get shouldFlush(): boolean {
    return this.#pending.size >= this.#flushAt;
  }

  /** Tokens waiting to be stored. */
  get pending(): number {
    return this.#pending.size;
  }

  /** How many new tokens the vault stored through this buffer so far. */
  get stored(): number {
    return this.#stored;
  }

  /** Stores every waiting token; the buffer is empty afterwards, even when the store fails. */
  async flush(): Promise<void> {
    if (this.#pending.size === 0) return;
    const entries = [...this.#pending.values()];
    this.#pending = new Map();
    this.#stored += (await this.#store.storeTokens(entries)).stored;
  }
}
