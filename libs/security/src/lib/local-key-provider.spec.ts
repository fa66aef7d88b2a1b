import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describeKeyProviderContract } from '../test-support/key-provider-contract';
import { LocalKeyProvider } from './local-key-provider';

const masterKey = randomBytes(32).toString('hex');
const previousKey = randomBytes(32).toString('hex');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'confiture-keys-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describeKeyProviderContract('local (CONFITURE_MASTER_KEY)', async () => ({
  provider: LocalKeyProvider.fromEnv({ CONFITURE_MASTER_KEY: masterKey }),
  secrets: [masterKey],
  rotates: false,
}));

describeKeyProviderContract('local (key file)', async () => ({
  provider: LocalKeyProvider.createKeyFile(join(dir, 'contract.json')),
  rotates: true,
}));

describe('LocalKeyProvider', () => {
  it('names its version by a fingerprint that does not reveal the key', async () => {
    const provider = LocalKeyProvider.fromEnv({ CONFITURE_MASTER_KEY: masterKey });
    const version = await provider.currentKeyVersion();
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(masterKey).not.toContain(version);
    expect(provider.keyId).toBe('env:CONFITURE_MASTER_KEY');
  });

  it('decrypts keys wrapped under a previous master key listed in CONFITURE_MASTER_KEY_PREVIOUS', async () => {
    const old = LocalKeyProvider.fromEnv({ CONFITURE_MASTER_KEY: previousKey });
    const { plaintext, wrapped } = await old.generateDataKey();
    const rotated = LocalKeyProvider.fromEnv({
      CONFITURE_MASTER_KEY: masterKey,
      CONFITURE_MASTER_KEY_PREVIOUS: previousKey,
    });
    expect((await rotated.decrypt(wrapped)).equals(plaintext)).toBe(true);
    expect((await rotated.generateDataKey()).wrapped.keyVersion).not.toBe(wrapped.keyVersion);
  });

  it('says which version is missing when the old key was dropped', async () => {
    const old = LocalKeyProvider.fromEnv({ CONFITURE_MASTER_KEY: previousKey });
    const { wrapped } = await old.generateDataKey();
    const without = LocalKeyProvider.fromEnv({ CONFITURE_MASTER_KEY: masterKey });
    await expect(without.decrypt(wrapped)).rejects.toMatchObject({
      code: 'KEY_PROVIDER',
      message: `local master key version ${wrapped.keyVersion} is not available`,
      hint: 'Add the key with that fingerprint to CONFITURE_MASTER_KEY_PREVIOUS.',
    });
  });

  it('names the missing variable', () => {
    expect(() => LocalKeyProvider.fromEnv({})).toThrow(
      expect.objectContaining({
        code: 'ENV_VAR_MISSING',
        message: 'environment variable CONFITURE_MASTER_KEY is not set',
      }),
    );
  });

  it('refuses a malformed key without quoting it', () => {
    const bad = 'not-hex-but-a-secret-passphrase-of-some-length-000000000000000000';
    const error = (() => {
      try {
        LocalKeyProvider.fromEnv({ CONFITURE_MASTER_KEY: bad });
      } catch (e) {
        return e as Error & { hint?: string };
      }
      return undefined;
    })();
    expect(error?.message).toBe(
      'CONFITURE_MASTER_KEY must be a 256-bit key written as 64 hexadecimal characters',
    );
    expect(JSON.stringify(error) + String(error?.message) + String(error?.hint)).not.toContain(bad);
  });

  it('explains how to rotate a key that lives in the environment', async () => {
    const provider = LocalKeyProvider.fromEnv({ CONFITURE_MASTER_KEY: masterKey });
    await expect(provider.rotate()).rejects.toMatchObject({
      code: 'KEY_PROVIDER',
      hint: expect.stringContaining('CONFITURE_MASTER_KEY_PREVIOUS'),
    });
  });

  it('creates a key file readable by its owner only, and rotation appends to it', async () => {
    const path = join(dir, 'rotate.json');
    const provider = LocalKeyProvider.createKeyFile(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await provider.rotate();
    const keys = (JSON.parse(readFileSync(path, 'utf8')) as { keys: string[] }).keys;
    expect(keys).toHaveLength(2);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const reopened = LocalKeyProvider.fromKeyFile(path);
    expect(await reopened.currentKeyVersion()).toBe(await provider.currentKeyVersion());
  });

  it('refuses a key file other users can read', () => {
    const path = join(dir, 'open.json');
    writeFileSync(path, JSON.stringify({ keys: [masterKey] }));
    chmodSync(path, 0o644);
    expect(() => LocalKeyProvider.fromKeyFile(path)).toThrow(
      expect.objectContaining({ code: 'KEY_PROVIDER', hint: `Run \`chmod 600 ${path}\`.` }),
    );
  });

  it('refuses to overwrite an existing key file', () => {
    const path = join(dir, 'exists.json');
    LocalKeyProvider.createKeyFile(path);
    expect(() => LocalKeyProvider.createKeyFile(path)).toThrow(/already exists/);
  });

  it('never shows key material when inspected or serialised', () => {
    const provider = LocalKeyProvider.fromEnv({ CONFITURE_MASTER_KEY: masterKey });
    expect(inspect(provider, { depth: 5 }) + JSON.stringify(provider)).not.toContain(masterKey);
  });
});
