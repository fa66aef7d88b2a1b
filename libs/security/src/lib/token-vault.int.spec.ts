import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectTestDatabase, type ConnectedTestDatabase } from '@confiture/pg-harness';
import pg from 'pg';
import type { AccessLevel } from './access-level';
import { AuditKey } from './audit-key';
import { LocalKeyProvider } from './local-key-provider';
import { TokenVault, type TokenEntry } from './token-vault';

const auditKey = AuditKey.fromString('vault-test-key-0123456789abcdef0123456789ab');
const actor = { osUser: 'tester', host: 'ci' };
const originals: TokenEntry[] = [
  { token: 'TOKEN_a1', original: 'alice@example.com', table: 'public.users', column: 'email' },
  { token: 'TOKEN_b2', original: 'bob@example.com', table: 'public.users', column: 'email' },
  {
    token: 'TOKEN_a1',
    original: 'alice@example.com',
    table: 'public.orders',
    column: 'buyer_email',
  },
  { token: 'TOKEN_c3', original: '078-05-1120', table: 'public.users', column: 'ssn' },
];

describe('TokenVault', () => {
  let db: ConnectedTestDatabase;
  let client: pg.Client;
  let dir: string;
  let provider: LocalKeyProvider;
  let vault: TokenVault;
  let now: Date;

  const accessLog = async () =>
    (
      await client.query(
        'SELECT event, principal, access_level, token, reason, outcome, detail, os_user FROM confiture.token_access_log ORDER BY sequence',
      )
    ).rows;

  beforeEach(async () => {
    db = await connectTestDatabase();
    client = db.client;
    dir = mkdtempSync(join(tmpdir(), 'confiture-vault-'));
    provider = LocalKeyProvider.createKeyFile(join(dir, 'keys.json'));
    now = new Date('2026-03-01T12:00:00Z');
    vault = await TokenVault.open(client, {
      keyProvider: provider,
      auditKey,
      actor,
      now: () => now,
    });
    await vault.storeTokens(originals);
  });
  afterEach(async () => {
    await vault.close();
    await provider.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores each token once per table and column, and keeps originals out of the database', async () => {
    expect(await vault.storeTokens(originals)).toEqual({ stored: 0 });
    const rows = (await client.query('SELECT * FROM confiture.tokens')).rows;
    expect(rows).toHaveLength(4);
    const dump = (
      await client.query(
        "SELECT string_agg(t::text, ' ') AS dump FROM (SELECT * FROM confiture.tokens UNION ALL SELECT NULL, NULL, NULL, wrapped_key, NULL, NULL, NULL, NULL, NULL FROM confiture.data_keys) t",
      )
    ).rows[0].dump as string;
    for (const { original } of originals) {
      expect(dump).not.toContain(original);
      expect(dump).not.toContain(Buffer.from(original).toString('hex'));
    }
    expect(new Set(rows.map((r) => (r.nonce as Buffer).toString('hex'))).size).toBe(4);
    expect(rows.every((r) => (r.nonce as Buffer).length === 12)).toBe(true);
    expect(rows.every((r) => r.key_version === rows[0].key_version)).toBe(true);
  });

  const reverse = (principal: string, reason?: string) =>
    vault.reverse('TOKEN_a1', { as: principal, ...(reason ? { reason } : {}) });

  it('refuses a principal without a grant, and records the attempt', async () => {
    await expect(reverse('mallory')).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
      message: 'reversal of TOKEN_a1 by mallory refused: no grant',
    });
    expect(await accessLog()).toEqual([
      expect.objectContaining({
        event: 'reverse',
        principal: 'mallory',
        access_level: 'NONE',
        outcome: 'refused',
        detail: 'no grant',
        os_user: 'tester',
      }),
    ]);
  });

  it.each<[AccessLevel, string | undefined, boolean]>([
    ['NONE', 'ticket SUP-1: customer asked', false],
    ['READ_ONLY', 'ticket SUP-1: customer asked', false],
    ['REVERSE_WITH_REASON', undefined, false],
    ['REVERSE_WITH_REASON', 'ticket SUP-1: customer asked', true],
    ['REVERSE_WITHOUT_REASON', undefined, true],
    ['UNRESTRICTED', undefined, true],
  ])(
    'with %s and reason %p, reversal is allowed: %p — and recorded either way',
    async (level, reason, allowed) => {
      await vault.grant('dana', level);
      const attempt = reverse('dana', reason);
      if (allowed) {
        await expect(attempt).resolves.toMatchObject({
          original: 'alice@example.com',
          table: 'public.orders',
          column: 'buyer_email',
          locations: [
            { table: 'public.orders', column: 'buyer_email' },
            { table: 'public.users', column: 'email' },
          ],
          accessLevel: level,
          logSequence: 2,
        });
      } else {
        await expect(attempt).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
      }
      expect(await accessLog()).toEqual([
        expect.objectContaining({
          event: 'grant',
          principal: 'dana',
          access_level: level,
          outcome: 'granted',
        }),
        expect.objectContaining({
          event: 'reverse',
          principal: 'dana',
          access_level: level,
          reason: reason ?? null,
          outcome: allowed ? 'granted' : 'refused',
        }),
      ]);
      expect((await vault.verifyAccessLog()).ok).toBe(true);
    },
  );

  it('lets READ_ONLY see where a token occurs, never the original', async () => {
    await vault.grant('rita', 'READ_ONLY');
    const metadata = await vault.describe('TOKEN_a1', { as: 'rita' });
    expect(metadata.map((m) => `${m.table}.${m.column}`)).toEqual([
      'public.orders.buyer_email',
      'public.users.email',
    ]);
    expect(JSON.stringify(metadata)).not.toContain('alice@example.com');
    await expect(vault.describe('TOKEN_a1', { as: 'nobody' })).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
    });
  });

  it('stops honouring a grant when it expires', async () => {
    await vault.grant('erin', 'UNRESTRICTED', { expiresAt: new Date('2026-03-02T00:00:00Z') });
    await expect(reverse('erin')).resolves.toMatchObject({ original: 'alice@example.com' });
    now = new Date('2026-03-02T00:00:00Z');
    await expect(reverse('erin')).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
      message:
        'reversal of TOKEN_a1 by erin refused: grant UNRESTRICTED expired at 2026-03-02T00:00:00.000Z',
    });
  });

  it('stops reversing a token past its own expiry', async () => {
    const shortLived = await TokenVault.open(client, {
      keyProvider: provider,
      auditKey,
      actor,
      now: () => now,
      tokenTtlMs: 60_000,
    });
    try {
      await shortLived.storeTokens([
        { token: 'TOKEN_tmp', original: 'tmp@example.com', table: 'public.t', column: 'c' },
      ]);
      await shortLived.grant('ops', 'UNRESTRICTED');
      await expect(shortLived.reverse('TOKEN_tmp', { as: 'ops' })).resolves.toMatchObject({
        original: 'tmp@example.com',
      });
      now = new Date(now.getTime() + 60_000);
      await expect(shortLived.reverse('TOKEN_tmp', { as: 'ops' })).rejects.toMatchObject({
        code: 'ACCESS_DENIED',
        message: expect.stringContaining('the token expired at'),
      });
      expect(await shortLived.purgeExpired()).toBe(1);
    } finally {
      await shortLived.close();
    }
  });

  it('says NOT_FOUND for an unknown token, after checking access, and records it', async () => {
    await vault.grant('ops', 'UNRESTRICTED');
    await expect(vault.reverse('TOKEN_zz', { as: 'ops' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(vault.reverse('TOKEN_zz', { as: 'stranger' })).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
    });
    expect((await accessLog()).map((r) => r.outcome)).toEqual(['granted', 'refused', 'refused']);
  });

  it('detects a ciphertext altered in the database', async () => {
    await vault.grant('ops', 'UNRESTRICTED');
    await client.query(
      "UPDATE confiture.tokens SET ciphertext = set_byte(ciphertext, 0, get_byte(ciphertext, 0) # 1) WHERE token = 'TOKEN_b2'",
    );
    await expect(vault.reverse('TOKEN_b2', { as: 'ops' })).rejects.toMatchObject({
      code: 'INTEGRITY_FAILED',
    });
  });

  it('detects a nonce altered in the database', async () => {
    await vault.grant('ops', 'UNRESTRICTED');
    await client.query(
      "UPDATE confiture.tokens SET nonce = set_byte(nonce, 11, get_byte(nonce, 11) # 128) WHERE token = 'TOKEN_b2'",
    );
    await expect(vault.reverse('TOKEN_b2', { as: 'ops' })).rejects.toMatchObject({
      code: 'INTEGRITY_FAILED',
    });
  });

  it('detects a ciphertext moved to another token or column (associated data)', async () => {
    await vault.grant('ops', 'UNRESTRICTED');
    await client.query(`
      UPDATE confiture.tokens t SET ciphertext = s.ciphertext, nonce = s.nonce
      FROM confiture.tokens s WHERE t.token = 'TOKEN_b2' AND s.token = 'TOKEN_c3'`);
    await expect(vault.reverse('TOKEN_b2', { as: 'ops' })).rejects.toMatchObject({
      code: 'INTEGRITY_FAILED',
    });
    await client.query(
      "UPDATE confiture.tokens SET column_name = 'phone' WHERE token = 'TOKEN_c3'",
    );
    await expect(vault.reverse('TOKEN_c3', { as: 'ops' })).rejects.toMatchObject({
      code: 'INTEGRITY_FAILED',
    });
  });

  it('keeps tokens stored before a master key rotation reversible, and wraps new data keys with the new version', async () => {
    await vault.grant('ops', 'UNRESTRICTED');
    const oldVersion = await provider.currentKeyVersion();
    const newVersion = await provider.rotate();
    vault.rotateDataKey();
    await vault.storeTokens([
      { token: 'TOKEN_new', original: 'new@example.com', table: 'public.users', column: 'email' },
    ]);
    const versions = (
      await client.query('SELECT token, key_version FROM confiture.tokens ORDER BY token')
    ).rows;
    expect(versions).toContainEqual({ token: 'TOKEN_new', key_version: newVersion });
    expect(versions).toContainEqual({ token: 'TOKEN_b2', key_version: oldVersion });

    const fresh = await TokenVault.open(client, {
      keyProvider: LocalKeyProvider.fromKeyFile(join(dir, 'keys.json')),
      auditKey,
      actor,
    });
    try {
      await expect(fresh.reverse('TOKEN_b2', { as: 'ops' })).resolves.toMatchObject({
        original: 'bob@example.com',
      });
      await expect(fresh.reverse('TOKEN_new', { as: 'ops' })).resolves.toMatchObject({
        original: 'new@example.com',
      });
      expect(await fresh.rewrapDataKeys()).toEqual({ rewrapped: 1, version: newVersion });
      const keyVersions = (
        await client.query('SELECT DISTINCT master_key_version FROM confiture.data_keys')
      ).rows;
      expect(keyVersions).toEqual([{ master_key_version: newVersion }]);
    } finally {
      await fresh.close();
    }
    const afterRewrap = await TokenVault.open(client, {
      keyProvider: LocalKeyProvider.fromKeyFile(join(dir, 'keys.json')),
      auditKey,
      actor,
    });
    try {
      await expect(afterRewrap.reverse('TOKEN_b2', { as: 'ops' })).resolves.toMatchObject({
        original: 'bob@example.com',
      });
    } finally {
      await afterRewrap.close();
    }
  });

  it('cannot reverse anything under another master key', async () => {
    await vault.grant('ops', 'UNRESTRICTED');
    const stranger = LocalKeyProvider.fromEnv({
      CONFITURE_MASTER_KEY: randomBytes(32).toString('hex'),
    });
    const wrong = await TokenVault.open(client, { keyProvider: stranger, auditKey, actor });
    try {
      await expect(wrong.reverse('TOKEN_b2', { as: 'ops' })).rejects.toMatchObject({
        code: 'KEY_PROVIDER',
      });
    } finally {
      await wrong.close();
    }
  });

  it('needs the audit key to grant or reverse', async () => {
    const unsigned = await TokenVault.open(client, { keyProvider: provider, actor });
    try {
      await expect(unsigned.grant('x', 'UNRESTRICTED')).rejects.toMatchObject({
        code: 'ENV_VAR_MISSING',
      });
      await expect(unsigned.reverse('TOKEN_a1', { as: 'x' })).rejects.toMatchObject({
        code: 'ENV_VAR_MISSING',
      });
    } finally {
      await unsigned.close();
    }
  });

  it('stores ten thousand tokens in batches', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({
      token: `TOKEN_${i}`,
      original: `user${i}@example.com`,
      table: 'public.big',
      column: 'email',
    }));
    expect(await vault.storeTokens(many)).toEqual({ stored: 10_000 });
    await vault.grant('ops', 'UNRESTRICTED');
    await expect(vault.reverse('TOKEN_9999', { as: 'ops' })).resolves.toMatchObject({
      original: 'user9999@example.com',
    });
  });
});
