import { ConfitureError, type Secret } from '@confiture/domain';
import type nodeVault from 'node-vault';
import {
  assertWrappedBy,
  keyProviderError,
  type DataKey,
  type KeyProvider,
  type WrappedKey,
} from './key-provider';
import { lazy } from './lazy-module';

/** node-vault (and axios), loaded on first use: most runs never talk to Vault (~0.1 s to load). */
const vaultSdk = lazy(() => require('node-vault') as typeof import('node-vault'));

/** Options of {@link VaultTransitKeyProvider}. */
export interface VaultTransitKeyProviderOptions {
  /** Vault's address, e.g. `https://vault.internal:8200`. */
  address: string;
  token: Secret;
  /** Name of the transit key. */
  keyName: string;
  /** Where the transit engine is mounted; default `transit`. */
  mount?: string;
  /** Vault Enterprise namespace. */
  namespace?: string;
  /** Milliseconds before a request is abandoned; default 10 000. */
  timeoutMs?: number;
}

/**
 * HashiCorp Vault's transit engine: data keys from `datakey/plaintext`, unwrapped by `decrypt`;
 * the transit key never leaves Vault. Versions are transit key versions (`vault:v3:` ciphertexts);
 * `rotate` adds one and Vault keeps the older ones for decryption (down to min_decryption_version).
 */
export class VaultTransitKeyProvider implements KeyProvider {
  readonly name = 'vault' as const;
  readonly keyId: string;
  readonly #client: nodeVault.client;
  readonly #base: string;
  readonly #timeoutMs: number;

  constructor(options: VaultTransitKeyProviderOptions) {
    const mount = (options.mount ?? 'transit').replace(/^\/+|\/+$/g, '');
    this.#base = `${mount}/`;
    this.keyId = `${mount}/keys/${options.keyName}`;
    this.#keyName = encodeURIComponent(options.keyName);
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#client = vaultSdk()({
      endpoint: options.address,
      token: options.token.reveal(),
      ...(options.namespace ? { namespace: options.namespace } : {}),
      // node-vault's debug output prints request bodies; never let it.
      debug: () => undefined,
    });
  }

  readonly #keyName: string;

  async currentKeyVersion(): Promise<string> {
    const body = await this.#send('read key', () =>
      this.#client.read(`${this.#base}keys/${this.#keyName}`, this.#options()),
    );
    const latest = (body?.data as { latest_version?: number } | undefined)?.latest_version;
    if (typeof latest !== 'number') {
      throw new ConfitureError('KEY_PROVIDER', `vault key provider: ${this.keyId} has no versions`);
    }
    return `v${latest}`;
  }

  async generateDataKey(): Promise<DataKey> {
    const body = await this.#send('datakey', () =>
      this.#client.write(
        `${this.#base}datakey/plaintext/${this.#keyName}`,
        { bits: 256 },
        this.#options(),
      ),
    );
    const data = body?.data as { plaintext?: string; ciphertext?: string } | undefined;
    if (!data?.plaintext || !data.ciphertext) {
      throw new ConfitureError('KEY_PROVIDER', 'vault key provider: datakey returned no key');
    }
    return {
      plaintext: Buffer.from(data.plaintext, 'base64'),
      wrapped: this.#wrapped(data.ciphertext),
    };
  }

  async encrypt(plaintext: Buffer): Promise<WrappedKey> {
    const body = await this.#send('encrypt', () =>
      this.#client.write(
        `${this.#base}encrypt/${this.#keyName}`,
        { plaintext: plaintext.toString('base64') },
        this.#options(),
      ),
    );
    const ciphertext = (body?.data as { ciphertext?: string } | undefined)?.ciphertext;
    if (!ciphertext) {
      throw new ConfitureError(
        'KEY_PROVIDER',
        'vault key provider: encrypt returned no ciphertext',
      );
    }
    return this.#wrapped(ciphertext);
  }

  async decrypt(wrapped: WrappedKey): Promise<Buffer> {
    assertWrappedBy(this, wrapped);
    const body = await this.#send('decrypt', () =>
      this.#client.write(
        `${this.#base}decrypt/${this.#keyName}`,
        { ciphertext: wrapped.ciphertext.toString('utf8') },
        this.#options(),
      ),
    );
    const plaintext = (body?.data as { plaintext?: string } | undefined)?.plaintext;
    if (plaintext === undefined) {
      throw new ConfitureError('KEY_PROVIDER', 'vault key provider: decrypt returned no plaintext');
    }
    return Buffer.from(plaintext, 'base64');
  }

  async rotate(): Promise<string> {
    await this.#send('rotate', () =>
      this.#client.write(`${this.#base}keys/${this.#keyName}/rotate`, {}, this.#options()),
    );
    return this.currentKeyVersion();
  }

  async close(): Promise<void> {
    this.#client.token = '';
  }

  #wrapped(ciphertext: string): WrappedKey {
    // Transit ciphertexts are `vault:v<version>:<base64>`; the version is Vault's own.
    const version = /^vault:(v\d+):/.exec(ciphertext)?.[1];
    if (!version) {
      throw new ConfitureError('KEY_PROVIDER', 'vault key provider: unexpected ciphertext format');
    }
    return {
      provider: 'vault',
      keyId: this.keyId,
      keyVersion: version,
      ciphertext: Buffer.from(ciphertext),
    };
  }

  #options(): Record<string, unknown> {
    return { timeout: this.#timeoutMs };
  }

  async #send(operation: string, request: () => Promise<unknown>): Promise<{ data?: unknown }> {
    try {
      return ((await request()) ?? {}) as { data?: unknown };
    } catch (error) {
      const status = (error as { response?: { statusCode?: number } }).response?.statusCode;
      throw keyProviderError(
        'vault',
        `${operation} with ${this.keyId}${status ? ` (HTTP ${status})` : ''}`,
        error,
        status === 403
          ? 'The Vault token lacks a policy for this transit key (update on encrypt/decrypt/datakey, read on keys).'
          : status === 400
            ? 'The stored data key was altered, or was wrapped by another transit key.'
            : undefined,
      );
    }
  }
}
