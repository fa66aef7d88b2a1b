import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { AuditKey } from './audit-key';
import { GrantAuthority } from './grant-authority';
import { PrincipalCredential, PublicKey, verifyWithPublicKey } from './principal-key';

describe('principal keys', () => {
  const { credential, pem } = PrincipalCredential.generate();

  it('sign what only their public key verifies', () => {
    const signature = credential.sign('entry 7');
    expect(credential.publicKey.verify('entry 7', signature)).toBe(true);
    expect(credential.publicKey.verify('entry 8', signature)).toBe(false);
    const other = PrincipalCredential.generate().credential;
    expect(other.publicKey.verify('entry 7', signature)).toBe(false);
    expect(verifyWithPublicKey(credential.publicKey.text, 'entry 7', signature)).toBe(true);
    expect(verifyWithPublicKey('ed25519:nonsense', 'entry 7', signature)).toBe(false);
  });

  it('read back from PEM, print their public half only', () => {
    const again = PrincipalCredential.fromPem(pem);
    expect(again.publicKey.text).toBe(credential.publicKey.text);
    expect(String(again)).toBe('***');
    expect(JSON.stringify({ again })).toBe('{"again":"***"}');
    expect(inspect(again)).toBe(`PrincipalCredential(${credential.publicKey.text})`);
  });

  it('parse public keys written as ed25519:… or as PEM', () => {
    const spki = credential.publicKey.text;
    expect(PublicKey.parse(spki).text).toBe(spki);
    const { publicKey } = generateKeyPairSync('ed25519');
    const pemKey = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(PublicKey.parse(pemKey).text).toMatch(/^ed25519:[A-Za-z0-9_-]{43}$/);
    expect(() => PublicKey.parse('ed25519:short')).toThrow(/not an Ed25519 public key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expect(() => PublicKey.parse(rsa.export({ format: 'pem', type: 'spki' }).toString())).toThrow(
      /is a rsa key, not Ed25519/,
    );
  });

  it('refuse a private key that is not Ed25519, without quoting it', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    expect(() => PrincipalCredential.fromPem(rsa)).toThrow(
      'CONFITURE_PRINCIPAL_KEY is not an Ed25519 private key (PKCS#8 PEM)',
    );
    try {
      PrincipalCredential.fromPem('-----BEGIN PRIVATE KEY-----\nsecretstuff\n');
    } catch (error) {
      expect(JSON.stringify(error)).not.toContain('secretstuff');
    }
  });

  it('come from --key-file, CONFITURE_PRINCIPAL_KEY_FILE or CONFITURE_PRINCIPAL_KEY, in that order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'confiture-principal-'));
    const file = join(dir, 'p.pem');
    writeFileSync(file, pem, { mode: 0o600 });
    const other = PrincipalCredential.generate();
    expect(
      PrincipalCredential.resolve({ CONFITURE_PRINCIPAL_KEY: other.pem }, file).publicKey.text,
    ).toBe(credential.publicKey.text);
    expect(
      PrincipalCredential.resolve({
        CONFITURE_PRINCIPAL_KEY_FILE: file,
        CONFITURE_PRINCIPAL_KEY: other.pem,
      }).publicKey.text,
    ).toBe(credential.publicKey.text);
    expect(PrincipalCredential.resolve({ CONFITURE_PRINCIPAL_KEY: other.pem }).publicKey.text).toBe(
      other.credential.publicKey.text,
    );
    expect(() => PrincipalCredential.resolve({})).toThrow(/no principal credential/);
    expect(() => PrincipalCredential.fromFile(join(dir, 'missing.pem'))).toThrow(
      /cannot read key file/,
    );
    chmodSync(file, 0o640);
    expect(() => PrincipalCredential.fromFile(file)).toThrow(/can be read by other users/);
  });
});

describe('the grant authority', () => {
  it('is the same for the same audit key, and another for another', () => {
    const key = AuditKey.fromString('authority-test-key-0123456789abcdef0123');
    const a = GrantAuthority.fromAuditKey(key);
    const b = GrantAuthority.fromAuditKey(
      AuditKey.fromString('authority-test-key-0123456789abcdef0123'),
    );
    const c = GrantAuthority.fromAuditKey(
      AuditKey.fromString('another-audit-key-0123456789abcdef01234'),
    );
    expect(a.publicKey.text).toBe(b.publicKey.text);
    expect(a.publicKey.text).not.toBe(c.publicKey.text);
    expect(b.publicKey.verify('grant 1', a.sign('grant 1'))).toBe(true);
    // A subkey is not the HMAC key: signing with the audit key proves nothing about the authority.
    expect(key.derive('grant-authority/ed25519/v1').toString('hex')).not.toContain(
      Buffer.from('authority-test-key').toString('hex'),
    );
  });
});
