import { randomBytes } from 'node:crypto';
import type {
  CryptographyClient,
  CryptographyClientOptions,
  KeyClient,
  KeyVaultKey,
} from '@azure/keyvault-keys';
import { ConfitureError } from '@confiture/domain';
import { AES_256_KEY_BYTES } from './aes-gcm';
import {
  assertWrappedBy,
  keyProviderError,
  type DataKey,
  type KeyProvider,
  type WrappedKey,
} from './key-provider';
import { lazy } from './lazy-module';

/** The Azure SDKs, loaded on first use: most runs never talk to Key Vault (~0.2 s to load). */
const keyVaultSdk = lazy(
  () => require('@azure/keyvault-keys') as typeof import('@azure/keyvault-keys'),
);
const identitySdk = lazy(() => require('@azure/identity') as typeof import('@azure/identity'));

/** The Azure SDK's credential type (from @azure/core-auth). */
export type AzureTokenCredential = ConstructorParameters<typeof KeyClient>[1];

/** Options of {@link AzureKeyVaultKeyProvider}. */
export interface AzureKeyVaultKeyProviderOptions {
  /** `https://<vault>.vault.azure.net` (or a Managed HSM URL). */
  vaultUrl: string;
  /** Name of an RSA key in the vault. */
  keyName: string;
  /** Default: `DefaultAzureCredential` (environment, workload identity, managed identity, CLI). */
  credential?: AzureTokenCredential;
  /** The SDK's client options (retries, proxy, service version, ...). */
  clientOptions?: CryptographyClientOptions;
}

/** Keys are wrapped with RSA-OAEP-256 inside Key Vault; the private key never leaves it. */
const WRAP_ALGORITHM = 'RSA-OAEP-256';

/**
 * Azure Key Vault: data keys are random bytes wrapped by an RSA key with `wrapKey` and unwrapped
 * with `unwrapKey`. Versions are Key Vault key versions; `rotate` creates a new one
 * (`rotateKey`), and wrapped keys name the version that can unwrap them.
 */
export class AzureKeyVaultKeyProvider implements KeyProvider {
  readonly name = 'azure' as const;
  readonly keyId: string;
  readonly #vaultUrl: string;
  readonly #keyName: string;
  readonly #options: AzureKeyVaultKeyProviderOptions;
  readonly #clientOptions: CryptographyClientOptions;
  #credential: AzureTokenCredential | undefined;
  #keys: KeyClient | undefined;
  readonly #crypto = new Map<string, CryptographyClient>();

  constructor(options: AzureKeyVaultKeyProviderOptions) {
    this.#vaultUrl = options.vaultUrl.replace(/\/+$/, '');
    this.#keyName = options.keyName;
    this.keyId = `${this.#vaultUrl}/keys/${options.keyName}`;
    this.#options = options;
    this.#clientOptions = options.clientOptions ?? {};
  }

  async currentKeyVersion(): Promise<string> {
    return versionOf(await this.#currentKey());
  }

  async generateDataKey(): Promise<DataKey> {
    const plaintext = randomBytes(AES_256_KEY_BYTES);
    return { plaintext, wrapped: await this.encrypt(plaintext) };
  }

  async encrypt(plaintext: Buffer): Promise<WrappedKey> {
    const key = await this.#currentKey();
    const version = versionOf(key);
    const crypto = this.#cryptoFor(version, key);
    const result = await this.#call('wrapKey', () => crypto.wrapKey(WRAP_ALGORITHM, plaintext));
    return {
      provider: 'azure',
      keyId: this.keyId,
      keyVersion: version,
      ciphertext: Buffer.from(result.result),
    };
  }

  async decrypt(wrapped: WrappedKey): Promise<Buffer> {
    assertWrappedBy(this, wrapped);
    const crypto = this.#cryptoFor(wrapped.keyVersion);
    const result = await this.#call('unwrapKey', () =>
      crypto.unwrapKey(WRAP_ALGORITHM, wrapped.ciphertext),
    );
    return Buffer.from(result.result);
  }

  async rotate(): Promise<string> {
    const keys = this.#keyClient();
    const key = await this.#call('rotateKey', () => keys.rotateKey(this.#keyName));
    return versionOf(key);
  }

  async close(): Promise<void> {
    this.#crypto.clear();
  }

  async #currentKey(): Promise<KeyVaultKey> {
    const keys = this.#keyClient();
    return this.#call('getKey', () => keys.getKey(this.#keyName));
  }

  /** The credential: the one given, or `DefaultAzureCredential` built on first use. */
  #credentialOf(): AzureTokenCredential {
    this.#credential ??= this.#options.credential ?? new (identitySdk().DefaultAzureCredential)();
    return this.#credential;
  }

  #keyClient(): KeyClient {
    const { KeyClient } = keyVaultSdk();
    this.#keys ??= new KeyClient(this.#vaultUrl, this.#credentialOf(), this.#clientOptions);
    return this.#keys;
  }

  #cryptoFor(version: string, key?: KeyVaultKey): CryptographyClient {
    let client = this.#crypto.get(version);
    if (!client) {
      const { CryptographyClient } = keyVaultSdk();
      client = new CryptographyClient(
        key ?? `${this.keyId}/${encodeURIComponent(version)}`,
        this.#credentialOf(),
        this.#clientOptions,
      );
      this.#crypto.set(version, client);
    }
    return client;
  }

  async #call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      throw keyProviderError(
        'azure',
        `${operation} on ${this.keyId}${status ? ` (HTTP ${status})` : ''}`,
        error,
        status === 403
          ? 'Give the identity the "Key Vault Crypto User" role (get, wrapKey, unwrapKey) on the key.'
          : status === 404
            ? 'Check security.kms.vault_url and security.kms.key_name.'
            : undefined,
      );
    }
  }
}

function versionOf(key: KeyVaultKey): string {
  const version = key.properties.version;
  if (!version) {
    throw new ConfitureError('KEY_PROVIDER', `azure key provider: key ${key.name} has no version`);
  }
  return version;
}
