import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { ConfitureError } from '@confiture/domain';
import { AES_256_KEY_BYTES, GCM_NONCE_BYTES, openAesGcm, sealAesGcm } from './aes-gcm';
import { assertWrappedBy, type DataKey, type KeyProvider, type WrappedKey } from './key-provider';

const HEX_KEY = /^[0-9a-fA-F]{64}$/;

/** Where the local master keys come from. */
export type LocalKeySource =
  { kind: 'env'; variable: string; previousVariable: string } | { kind: 'file'; path: string };

/**
 * A master key held by this process, for development and tests: `CONFITURE_MASTER_KEY` (64 hex
 * characters) with older keys in `CONFITURE_MASTER_KEY_PREVIOUS`, or a key file (JSON
 * `{"keys": ["<hex>", ...]}`, newest last, mode 0600) that {@link rotate} appends to.
 * Versions are key fingerprints (an HMAC of a constant under the key), which reveal nothing.
 */
export class LocalKeyProvider implements KeyProvider {
  readonly name = 'local' as const;
  readonly keyId: string;
  readonly #source: LocalKeySource;
  #keys: Map<string, Buffer>;
  #current: string;

  private constructor(source: LocalKeySource, keys: Buffer[]) {
    this.#source = source;
    this.keyId = source.kind === 'env' ? `env:${source.variable}` : `file:${source.path}`;
    this.#keys = new Map(keys.map((key) => [fingerprint(key), key]));
    this.#current = fingerprint(keys[keys.length - 1] as Buffer);
  }

  /** Reads the current key from `variable` and older ones (comma-separated) from `previousVariable`. */
  static fromEnv(
    env: Readonly<Record<string, string | undefined>>,
    variable = 'CONFITURE_MASTER_KEY',
    previousVariable = 'CONFITURE_MASTER_KEY_PREVIOUS',
  ): LocalKeyProvider {
    const current = env[variable];
    if (current === undefined || current === '') {
      throw new ConfitureError('ENV_VAR_MISSING', `environment variable ${variable} is not set`, {
        hint: `Export ${variable} with a 256-bit key as 64 hex characters (\`openssl rand -hex 32\`), or configure security.kms.`,
      });
    }
    const previous = (env[previousVariable] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((hex, i) => parseHexKey(hex, `${previousVariable} (item ${i + 1})`));
    return new LocalKeyProvider({ kind: 'env', variable, previousVariable }, [
      ...previous,
      parseHexKey(current, variable),
    ]);
  }

  /** Reads a key file; refuses one that other users can read. */
  static fromKeyFile(path: string): LocalKeyProvider {
    return new LocalKeyProvider({ kind: 'file', path }, readKeyFile(path));
  }

  /** Creates a key file holding one new random key (mode 0600); refuses to overwrite one. */
  static createKeyFile(path: string): LocalKeyProvider {
    if (existsSync(path)) {
      throw new ConfitureError('KEY_PROVIDER', `key file ${path} already exists`, {
        hint: 'Rotate it instead, or choose another path.',
      });
    }
    const key = randomBytes(AES_256_KEY_BYTES);
    writeKeyFile(path, [key]);
    return new LocalKeyProvider({ kind: 'file', path }, [key]);
  }

  async currentKeyVersion(): Promise<string> {
    return this.#current;
  }

  async generateDataKey(): Promise<DataKey> {
    const plaintext = randomBytes(AES_256_KEY_BYTES);
    return { plaintext, wrapped: await this.encrypt(plaintext) };
  }

  async encrypt(plaintext: Buffer): Promise<WrappedKey> {
    const version = this.#current;
    const box = sealAesGcm(this.#key(version), plaintext, wrapContext(version));
    return {
      provider: 'local',
      keyId: this.keyId,
      keyVersion: version,
      ciphertext: Buffer.concat([box.nonce, box.ciphertext]),
    };
  }

  async decrypt(wrapped: WrappedKey): Promise<Buffer> {
    assertWrappedBy(this, wrapped);
    const nonce = wrapped.ciphertext.subarray(0, GCM_NONCE_BYTES);
    const ciphertext = wrapped.ciphertext.subarray(GCM_NONCE_BYTES);
    return openAesGcm(
      this.#key(wrapped.keyVersion),
      { nonce, ciphertext },
      wrapContext(wrapped.keyVersion),
    );
  }

  async rotate(): Promise<string> {
    if (this.#source.kind !== 'file') {
      throw new ConfitureError(
        'KEY_PROVIDER',
        `the local key in ${this.#source.variable} cannot be rotated in place`,
        {
          hint: `Move the current key to ${this.#source.previousVariable} (comma-separated), put a new one (\`openssl rand -hex 32\`) in ${this.#source.variable}, or use security.kms.key_file.`,
        },
      );
    }
    const keys = readKeyFile(this.#source.path);
    const key = randomBytes(AES_256_KEY_BYTES);
    writeKeyFile(this.#source.path, [...keys, key]);
    this.#keys = new Map([...keys, key].map((k) => [fingerprint(k), k]));
    this.#current = fingerprint(key);
    return this.#current;
  }

  async close(): Promise<void> {
    for (const key of this.#keys.values()) key.fill(0);
    this.#keys.clear();
  }

  #key(version: string): Buffer {
    const key = this.#keys.get(version);
    if (!key) {
      throw new ConfitureError(
        'KEY_PROVIDER',
        `local master key version ${version} is not available`,
        {
          hint:
            this.#source.kind === 'env'
              ? `Add the key with that fingerprint to ${this.#source.previousVariable}.`
              : `Restore the key file ${this.#source.path} that holds it.`,
        },
      );
    }
    return key;
  }
}

/** The public version name of a key: 16 hex characters of HMAC-SHA256(key, label). */
function fingerprint(key: Buffer): string {
  return createHmac('sha256', key)
    .update('confiture/local-master-key-id')
    .digest('hex')
    .slice(0, 16);
}

function wrapContext(version: string): Buffer {
  return Buffer.from(`confiture/local-wrap/v1/${version}`);
}

function parseHexKey(text: string, where: string): Buffer {
  if (!HEX_KEY.test(text.trim())) {
    // Never quote the value: it is meant to be a secret, even when malformed.
    throw new ConfitureError(
      'KEY_PROVIDER',
      `${where} must be a 256-bit key written as 64 hexadecimal characters`,
      { hint: 'Generate one with `openssl rand -hex 32`.' },
    );
  }
  return Buffer.from(text.trim(), 'hex');
}

function readKeyFile(path: string): Buffer[] {
  let text: string;
  try {
    if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
      throw new ConfitureError('KEY_PROVIDER', `key file ${path} can be read by other users`, {
        file: path,
        hint: `Run \`chmod 600 ${path}\`.`,
      });
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof ConfitureError) throw error;
    throw new ConfitureError('KEY_PROVIDER', `cannot read key file ${path}`, {
      file: path,
      hint: 'Check security.kms.key_file, or create the file with `LocalKeyProvider.createKeyFile`.',
    });
  }
  let keys: unknown;
  try {
    keys = (JSON.parse(text) as { keys?: unknown }).keys;
  } catch {
    keys = undefined;
  }
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'string')) {
    throw new ConfitureError(
      'KEY_PROVIDER',
      `key file ${path} is not {"keys": ["<64 hex>", ...]}`,
      {
        file: path,
      },
    );
  }
  return keys.map((hex: string, i) => parseHexKey(hex, `${path} keys[${i}]`));
}

function writeKeyFile(path: string, keys: Buffer[]): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ keys: keys.map((k) => k.toString('hex')) }) + '\n', {
    mode: 0o600,
    flag: 'wx',
  });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}
