import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { inspect } from 'node:util';
import { ConfitureError } from '@confiture/domain';

/** How a public key is written in grants and entries: `ed25519:` and the 32 raw bytes, base64url. */
const PUBLIC_KEY = /^ed25519:([A-Za-z0-9_-]{43})$/;

/** The variable holding a principal's private key itself (PKCS#8 PEM). */
export const PRINCIPAL_KEY_VARIABLE = 'CONFITURE_PRINCIPAL_KEY';
/** The variable naming a file that holds a principal's private key. */
export const PRINCIPAL_KEY_FILE_VARIABLE = 'CONFITURE_PRINCIPAL_KEY_FILE';

/**
 * An Ed25519 public key as Confiture writes it, `ed25519:<base64url>`: the key a grant names for
 * its principal, or the grant authority's. Verifies signatures; holds nothing secret.
 */
export class PublicKey {
  readonly #key: KeyObject;

  private constructor(
    key: KeyObject,
    /** `ed25519:<base64url of the 32 raw bytes>`. */
    readonly text: string,
  ) {
    this.#key = key;
  }

  /** Parses `ed25519:<base64url>` or an SPKI PEM (`openssl pkey -pubout`); `where` names the input. */
  static parse(value: string, where = 'the public key'): PublicKey {
    const trimmed = value.trim();
    const match = PUBLIC_KEY.exec(trimmed);
    try {
      const key = match
        ? createPublicKey({
            key: { kty: 'OKP', crv: 'Ed25519', x: match[1] as string },
            format: 'jwk',
          })
        : createPublicKey(trimmed);
      return PublicKey.from(key, where);
    } catch (error) {
      if (error instanceof ConfitureError) throw error;
      throw new ConfitureError(
        'INPUT_INVALID',
        `${where} is not an Ed25519 public key (ed25519:<base64url> or a PEM public key)`,
        { hint: 'The principal prints it with `confiture tokens keygen <file>`.' },
      );
    }
  }

  /** The public half of an Ed25519 key object. */
  static from(key: KeyObject, where = 'the key'): PublicKey {
    if (key.asymmetricKeyType !== 'ed25519') {
      throw new ConfitureError(
        'INPUT_INVALID',
        `${where} is a ${key.asymmetricKeyType ?? 'symmetric'} key, not Ed25519`,
        {
          hint: 'Generate one with `confiture tokens keygen <file>` (or `openssl genpkey -algorithm ed25519`).',
        },
      );
    }
    const publicKey = key.type === 'private' ? createPublicKey(key) : key;
    const x = (publicKey.export({ format: 'jwk' }) as { x: string }).x;
    return new PublicKey(publicKey, `ed25519:${x}`);
  }

  /** Whether `signature` (base64url) is this key's Ed25519 signature of `message`. */
  verify(message: string, signature: string): boolean {
    if (!/^[A-Za-z0-9_-]{86}$/.test(signature)) return false;
    return verify(
      null,
      Buffer.from(message, 'utf8'),
      this.#key,
      Buffer.from(signature, 'base64url'),
    );
  }

  toString(): string {
    return this.text;
  }

  toJSON(): string {
    return this.text;
  }
}

/** Whether `text` verifies as `signature` under the public key written as `publicKey`. */
export function verifyWithPublicKey(
  publicKey: string,
  message: string,
  signature: string,
): boolean {
  let key: PublicKey;
  try {
    key = PublicKey.parse(publicKey);
  } catch {
    return false;
  }
  return key.verify(message, signature);
}

/**
 * An Ed25519 private key that signs: a principal's credential (what `tokens reverse` presents,
 * proving the principal named by `--as`), or the grant authority derived from the audit key.
 * Renders as `***`.
 */
export class SigningKey {
  readonly #key: KeyObject;
  /** The public half, as grants and entries name it. */
  readonly publicKey: PublicKey;

  constructor(key: KeyObject, where = 'the key') {
    this.publicKey = PublicKey.from(key, where);
    this.#key = key;
  }

  /** Ed25519 signature of `message`, base64url. */
  sign(message: string): string {
    return sign(null, Buffer.from(message, 'utf8'), this.#key).toString('base64url');
  }

  toString(): string {
    return '***';
  }

  toJSON(): string {
    return '***';
  }

  [inspect.custom](): string {
    return `${this.constructor.name}(${this.publicKey.text})`;
  }
}

/** The Ed25519 private key in a PKCS#8 PEM text; anything else is INPUT_INVALID, unquoted. */
function privateKeyFromPem(pem: string, where: string): KeyObject {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType === 'ed25519') return key;
  } catch {
    // Reported below without quoting the text, which is meant to be a secret.
  }
  throw new ConfitureError('INPUT_INVALID', `${where} is not an Ed25519 private key (PKCS#8 PEM)`, {
    hint: 'Generate one with `confiture tokens keygen <file>` (or `openssl genpkey -algorithm ed25519`).',
  });
}

/** PKCS#8 DER of an Ed25519 private key, up to its 32-byte seed (RFC 8410). */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The Ed25519 private key whose seed is these 32 bytes. */
export function privateKeyFromSeed(seed: Buffer): KeyObject {
  if (seed.length !== 32) throw new ConfitureError('INTERNAL', 'an Ed25519 seed has 32 bytes');
  const der = Buffer.concat([PKCS8_ED25519_PREFIX, seed]);
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } finally {
    der.fill(0);
  }
}

/**
 * A principal's credential: the Ed25519 private key whose public half the principal's grant
 * names. Reversals are signed with it, so the token access log stays tamper-evident without the
 * audit key, and whoever does not hold it cannot act as the principal.
 */
export class PrincipalCredential extends SigningKey {
  /** A new key pair; `pem` is the private key to store (mode 0600), never to print. */
  static generate(): { credential: PrincipalCredential; pem: string } {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    return { credential: new PrincipalCredential(privateKey, 'the new key'), pem };
  }

  /** A PKCS#8 PEM private key given as text (e.g. CONFITURE_PRINCIPAL_KEY). */
  static fromPem(pem: string, where = PRINCIPAL_KEY_VARIABLE): PrincipalCredential {
    return new PrincipalCredential(privateKeyFromPem(pem, where), where);
  }

  /** A key file the principal alone can read; refuses one that other users can read. */
  static fromFile(path: string): PrincipalCredential {
    let text: string;
    try {
      if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
        throw new ConfitureError('INPUT_INVALID', `key file ${path} can be read by other users`, {
          file: path,
          hint: `A principal's key is theirs alone: run \`chmod 600 ${path}\`.`,
        });
      }
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if (error instanceof ConfitureError) throw error;
      throw new ConfitureError('FILE_NOT_FOUND', `cannot read key file ${path}`, {
        file: path,
        hint: 'Give the file `confiture tokens keygen` wrote (--key-file or CONFITURE_PRINCIPAL_KEY_FILE).',
      });
    }
    return PrincipalCredential.fromPem(text, `key file ${path}`);
  }

  /**
   * The credential a command presents: `file` (a flag) first, else the file named by
   * CONFITURE_PRINCIPAL_KEY_FILE, else the key in CONFITURE_PRINCIPAL_KEY; none is ENV_VAR_MISSING.
   */
  static resolve(
    env: Readonly<Record<string, string | undefined>>,
    file?: string,
  ): PrincipalCredential {
    const path = file ?? env[PRINCIPAL_KEY_FILE_VARIABLE];
    if (path) return PrincipalCredential.fromFile(path);
    const pem = env[PRINCIPAL_KEY_VARIABLE];
    if (pem) return PrincipalCredential.fromPem(pem);
    throw new ConfitureError(
      'ENV_VAR_MISSING',
      `no principal credential: give --key-file, or set ${PRINCIPAL_KEY_FILE_VARIABLE} or ${PRINCIPAL_KEY_VARIABLE}`,
      {
        hint: 'A reversal is signed with the key of the principal named by --as; the grant holds its public half (`confiture tokens keygen`).',
      },
    );
  }
}
