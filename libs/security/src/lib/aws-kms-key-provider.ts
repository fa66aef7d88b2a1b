import type { KMSClient, KMSClientConfig } from '@aws-sdk/client-kms';
import { ConfitureError } from '@confiture/domain';
import {
  assertWrappedBy,
  keyProviderError,
  type DataKey,
  type KeyProvider,
  type WrappedKey,
} from './key-provider';
import { lazy } from './lazy-module';

/** The AWS SDK, loaded on first use: most runs never talk to KMS, and it takes ~0.1 s to load. */
const kmsSdk = lazy(() => require('@aws-sdk/client-kms') as typeof import('@aws-sdk/client-kms'));

/** Options of {@link AwsKmsKeyProvider}. */
export interface AwsKmsKeyProviderOptions {
  /** Key ID, key ARN, alias name (`alias/confiture`) or alias ARN of a symmetric KMS key. */
  keyId: string;
  /** A client to use as is (tests, or one configured elsewhere); else one is built from `client`. */
  kms?: KMSClient;
  /** Region, endpoint override, credentials: the SDK's own configuration. */
  client?: KMSClientConfig;
}

/**
 * AWS KMS: data keys from GenerateDataKey (AES_256), wrapped by a KMS key that never leaves KMS.
 * Versions are KMS key material IDs; KMS keeps every material of a key, so ciphertexts made before
 * a rotation (RotateKeyOnDemand) still decrypt. Credentials come from the SDK's default chain.
 */
export class AwsKmsKeyProvider implements KeyProvider {
  readonly name = 'aws' as const;
  readonly keyId: string;
  readonly #options: AwsKmsKeyProviderOptions;
  #kms: KMSClient | undefined;

  constructor(options: AwsKmsKeyProviderOptions) {
    this.keyId = options.keyId;
    this.#options = options;
    this.#kms = options.kms;
  }

  async currentKeyVersion(): Promise<string> {
    const response = await this.#call('DescribeKey', () =>
      this.#with(({ kms, sdk }) => kms.send(new sdk.DescribeKeyCommand({ KeyId: this.keyId }))),
    );
    const metadata = response.KeyMetadata;
    if (metadata && metadata.Enabled === false) {
      throw new ConfitureError(
        'KEY_PROVIDER',
        `aws key provider: KMS key ${this.keyId} is disabled`,
        {
          hint: 'Enable the key, or point security.kms.key_id at an enabled one.',
        },
      );
    }
    return metadata?.CurrentKeyMaterialId ?? metadata?.Arn ?? this.keyId;
  }

  async generateDataKey(): Promise<DataKey> {
    const response = await this.#call('GenerateDataKey', () =>
      this.#with(({ kms, sdk }) =>
        kms.send(new sdk.GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256' })),
      ),
    );
    if (!response.Plaintext || !response.CiphertextBlob) {
      throw new ConfitureError('KEY_PROVIDER', 'aws key provider: GenerateDataKey returned no key');
    }
    const keyVersion = response.KeyMaterialId ?? (await this.currentKeyVersion());
    return {
      plaintext: Buffer.from(response.Plaintext),
      wrapped: this.#wrapped(response.KeyId, keyVersion, response.CiphertextBlob),
    };
  }

  async encrypt(plaintext: Buffer): Promise<WrappedKey> {
    const keyVersion = await this.currentKeyVersion();
    const response = await this.#call('Encrypt', () =>
      this.#with(({ kms, sdk }) =>
        kms.send(new sdk.EncryptCommand({ KeyId: this.keyId, Plaintext: plaintext })),
      ),
    );
    if (!response.CiphertextBlob) {
      throw new ConfitureError('KEY_PROVIDER', 'aws key provider: Encrypt returned no ciphertext');
    }
    return this.#wrapped(response.KeyId, keyVersion, response.CiphertextBlob);
  }

  async decrypt(wrapped: WrappedKey): Promise<Buffer> {
    assertWrappedBy(this, wrapped);
    const response = await this.#call('Decrypt', () =>
      // KeyId pins the key: KMS refuses a ciphertext made under any other key.
      this.#with(({ kms, sdk }) =>
        kms.send(
          new sdk.DecryptCommand({ CiphertextBlob: wrapped.ciphertext, KeyId: wrapped.keyId }),
        ),
      ),
    );
    if (!response.Plaintext) {
      throw new ConfitureError('KEY_PROVIDER', 'aws key provider: Decrypt returned no plaintext');
    }
    return Buffer.from(response.Plaintext);
  }

  async rotate(): Promise<string> {
    await this.#call('RotateKeyOnDemand', () =>
      this.#with(({ kms, sdk }) =>
        kms.send(new sdk.RotateKeyOnDemandCommand({ KeyId: this.keyId })),
      ),
    );
    return this.currentKeyVersion();
  }

  async close(): Promise<void> {
    // A client handed in belongs to the caller; one built here is ours to destroy.
    if (this.#options.kms === undefined) this.#kms?.destroy();
    this.#kms = undefined;
  }

  /** Runs `send` with the SDK and the client (built on first use from the options). */
  #with<T>(
    send: (on: { kms: KMSClient; sdk: ReturnType<typeof kmsSdk> }) => Promise<T>,
  ): Promise<T> {
    const sdk = kmsSdk();
    this.#kms ??= new sdk.KMSClient({ maxAttempts: 3, ...this.#options.client });
    return send({ kms: this.#kms, sdk });
  }

  #wrapped(keyId: string | undefined, keyVersion: string, blob: Uint8Array): WrappedKey {
    return {
      provider: 'aws',
      keyId: keyId ?? this.keyId,
      keyVersion,
      ciphertext: Buffer.from(blob),
    };
  }

  async #call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw keyProviderError('aws', `${operation} on ${this.keyId}`, error, awsHint(error));
    }
  }
}

function awsHint(error: unknown): string | undefined {
  switch ((error as { name?: string }).name) {
    case 'NotFoundException':
      return 'Check security.kms.key_id and security.kms.region.';
    case 'AccessDeniedException':
      return 'Grant the caller kms:GenerateDataKey, kms:Encrypt, kms:Decrypt and kms:DescribeKey on the key.';
    case 'InvalidCiphertextException':
    case 'IncorrectKeyException':
      return 'The stored data key was altered, or was wrapped by another KMS key.';
    case 'CredentialsProviderError':
      return 'Configure AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or an instance role).';
    default:
      return undefined;
  }
}
