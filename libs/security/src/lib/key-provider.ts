import { ConfitureError, type KeyProviderName } from '@confiture/domain';

/** One of domain's `KEY_PROVIDER_NAMES`: the providers this library implements. */
export type { KeyProviderName };

/** A small secret (a data key) encrypted by a provider's master key; safe to store. */
export interface WrappedKey {
  provider: KeyProviderName;
  /** The master key that wrapped it (a name, alias, ARN or URL); never secret. */
  keyId: string;
  /** The master key version that wrapped it, so rotation keeps it decryptable. */
  keyVersion: string;
  ciphertext: Buffer;
}

/** A fresh 256-bit data key: the plaintext for immediate use, the wrapped form for storage. */
export interface DataKey {
  /** Never written anywhere; zero it (`fill(0)`) when done. */
  plaintext: Buffer;
  wrapped: WrappedKey;
}

/**
 * A master key held by a key management service (or, for development, locally). Envelope
 * encryption: data is encrypted with data keys, data keys are wrapped by the master key, and only
 * wrapped data keys are stored. Rotation adds a master key version; old versions stay decryptable.
 */
export interface KeyProvider {
  readonly name: KeyProviderName;
  /** The master key's identifier, safe to print. */
  readonly keyId: string;
  /** The version new data keys are wrapped with. */
  currentKeyVersion(): Promise<string>;
  /** A new random 256-bit data key and its wrapped form. */
  generateDataKey(): Promise<DataKey>;
  /** Wraps a small secret (at most a few hundred bytes) with the current master key version. */
  encrypt(plaintext: Buffer): Promise<WrappedKey>;
  /** Unwraps what {@link encrypt} or {@link generateDataKey} produced, under any kept version. */
  decrypt(wrapped: WrappedKey): Promise<Buffer>;
  /** Creates a new master key version, used from now on; returns it. */
  rotate(): Promise<string>;
  /** Releases clients and forgets cached key material. */
  close(): Promise<void>;
}

/**
 * A KEY_PROVIDER error for a failed provider call. Only the provider's own short message is kept:
 * HTTP client errors carry request headers (tokens), so they are never attached as a cause.
 */
export function keyProviderError(
  provider: KeyProviderName,
  operation: string,
  error: unknown,
  hint?: string,
): ConfitureError {
  if (error instanceof ConfitureError) return error;
  const err = error as { name?: string; message?: string; code?: string };
  const detail = [err.name && err.name !== 'Error' ? err.name : undefined, err.message ?? err.code]
    .filter(Boolean)
    .join(': ');
  return new ConfitureError(
    'KEY_PROVIDER',
    `${provider} key provider: ${operation} failed${detail ? `: ${detail}` : ''}`,
    hint ? { hint } : {},
  );
}

/** Refuses a wrapped key that another provider or master key produced. */
export function assertWrappedBy(provider: KeyProvider, wrapped: WrappedKey): void {
  if (wrapped.provider !== provider.name) {
    throw new ConfitureError(
      'KEY_PROVIDER',
      `a data key wrapped by the ${wrapped.provider} provider cannot be unwrapped by the ${provider.name} provider`,
      { hint: `Configure security.kms.provider: ${wrapped.provider} (key ${wrapped.keyId}).` },
    );
  }
}
