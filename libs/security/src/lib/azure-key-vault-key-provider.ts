import { randomBytes } from 'node:crypto';
import { DefaultAzureCredential } from '@azure/identity';
import {
  CryptographyClient,
  KeyClient,
  type CryptographyClientOptions,
  type KeyVaultKey,
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
  readonly #credential: AzureTokenCredential;
  readonly #clientOptions: CryptographyClientOptions;
  readonly #keys: KeyClient;
  readonly #crypto = new Map<string, CryptographyClient>();

  constructor(options: AzureKeyVaultKeyProviderOptions) {
    this.#vaultUrl = options.vaultUrl.replace(/\/+$/, '');
    this.#keyName = options.keyName;
    this.keyId = `${this.#vaultUrl}/keys/${options.keyName}`;
    this.#credential = options.credential ?? new DefaultAzureCredential();
    this.#clientOptions = options.clientOptions ?? {};
    this.#keys = new KeyClient(this.#vaultUrl, this.#credential, this.#clientOptions);
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
    const result = await this.#call('wrapKey', () =>
      this.#cryptoFor(version, key).wrapKey(WRAP_ALGORITHM, plaintext),
    );
    return {
      provider: 'azure',
      keyId: this.keyId,
      keyVersion: version,
      ciphertext: Buffer.from(result.result),
    };
  }

  async decrypt(wrapped: WrappedKey): Promise<Buffer> {
    assertWrappedBy(this, wrapped);
    const result = await this.#call('unwrapKey', () =>
      this.#cryptoFor(wrapped.keyVersion).unwrapKey(WRAP_ALGORITHM, wrapped.ciphertext),
    );
    return Buffer.from(result.result);
  }

  async rotate(): Promise<string> {
    const key = await this.#call('rotateKey', () => this.#keys.rotateKey(this.#keyName));
    return versionOf(key);
  }

  async close(): Promise<void> {
    this.#crypto.clear();
  }

  async #currentKey(): Promise<KeyVaultKey> {
    return this.#call('getKey', () => this.#keys.getKey(this.#keyName));
  }

  #cryptoFor(version: string, key?: KeyVaultKey): CryptographyClient {
    let client = this.#crypto.get(version);
    if (!client) {
      client = new CryptographyClient(
        key ?? `${this.keyId}/${encodeURIComponent(version)}`,
        this.#credential,
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
