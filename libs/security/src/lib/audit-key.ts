import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';
import { ConfitureError } from '@confiture/domain';

/** Shortest accepted CONFITURE_AUDIT_KEY, in characters (`openssl rand -hex 32` gives 64). */
export const MIN_AUDIT_KEY_LENGTH = 32;

/**
 * The HMAC-SHA256 key that signs the audit log, the lineage and the token access log. Like
 * `Secret`, it renders as `***` when printed, logged, inspected or serialised.
 */
export class AuditKey {
  readonly #key: Buffer;

  private constructor(key: Buffer) {
    this.#key = key;
  }

  /**
   * The key as given (its UTF-8 bytes); at least {@link MIN_AUDIT_KEY_LENGTH} characters, else an
   * ENVIRONMENT_INVALID error (a configuration mistake, exit 2) that never quotes the value.
   */
  static fromString(value: string, variable = 'the audit key'): AuditKey {
    if (value.length < MIN_AUDIT_KEY_LENGTH) {
      throw new ConfitureError(
        'ENVIRONMENT_INVALID',
        `${variable} is too short: an audit key has at least ${MIN_AUDIT_KEY_LENGTH} characters`,
        { hint: 'Generate one with `openssl rand -hex 32`.' },
      );
    }
    return new AuditKey(Buffer.from(value, 'utf8'));
  }

  /** Raw key bytes (e.g. a data key unwrapped by a key provider). */
  static fromBytes(bytes: Buffer): AuditKey {
    if (bytes.length < 32) {
      throw new ConfitureError('KEY_PROVIDER', 'an audit key has at least 32 bytes');
    }
    return new AuditKey(Buffer.from(bytes));
  }

  /** Reads `variable` (default CONFITURE_AUDIT_KEY); a missing one is ENV_VAR_MISSING. */
  static fromEnv(
    env: Readonly<Record<string, string | undefined>>,
    variable = 'CONFITURE_AUDIT_KEY',
  ): AuditKey {
    const value = env[variable];
    if (value === undefined || value === '') {
      throw new ConfitureError('ENV_VAR_MISSING', `environment variable ${variable} is not set`, {
        hint: `Export ${variable} with the key that signs the audit log (\`openssl rand -hex 32\`); keep it out of the target database.`,
      });
    }
    return AuditKey.fromString(value, variable);
  }

  /**
   * A 32-byte subkey for `purpose` (HKDF-SHA256): the grant authority's Ed25519 seed is one. The
   * key itself never leaves this object; a subkey reveals nothing of it or of other purposes'.
   */
  derive(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#key, 'confiture', purpose, 32));
  }

  /** HMAC-SHA256 of `message`, hex. */
  sign(message: string): string {
    return createHmac('sha256', this.#key).update(message, 'utf8').digest('hex');
  }

  /** Whether `signature` is the HMAC of `message` (constant-time comparison). */
  verify(message: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(message), 'hex');
    const given = /^[0-9a-f]{64}$/.test(signature)
      ? Buffer.from(signature, 'hex')
      : Buffer.alloc(0);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  toString(): string {
    return '***';
  }

  toJSON(): string {
    return '***';
  }

  [inspect.custom](): string {
    return 'AuditKey(***)';
  }
}
