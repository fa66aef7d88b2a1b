import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectTestDatabase, type ConnectedTestDatabase } from '@confiture/pg-harness';
import pg from 'pg';
import { tamperAsSuperuser } from '../test-support/ledger-tampering';
import type { AccessLevel } from './access-level';
import { AuditKey } from './audit-key';
import { canonicalJson } from './canonical-json';
import { GrantAuthority } from './grant-authority';
import type { KeyProvider } from './key-provider';
import { LocalKeyProvider } from './local-key-provider';
import { PrincipalCredential } from './principal-key';
import { verifyTokenAccessChain } from './token-access-log';
import { verifyTokenGrantChain } from './token-grants';
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

/** The real provider, counting the data keys it unwraps ("was anything decrypted?"). */
function counting(provider: KeyProvider): KeyProvider & { decrypts: number } {
  const counted = {
    name: provider.name,
    keyId: provider.keyId,
    decrypts: 0,
    currentKeyVersion: () => provider.currentKeyVersion(),
    generateDataKey: () => provider.generateDataKey(),
    encrypt: (plaintext: Buffer) => provider.encrypt(plaintext),
    decrypt: (wrapped: Parameters<KeyProvider['decrypt']>[0]) => {
      counted.decrypts++;
      return provider.decrypt(wrapped);
    },
    rotate: () => provider.rotate(),
    close: async () => undefined,
  };
  return counted;
}

describe('TokenVault', () => {
  let db: ConnectedTestDatabase;
  let client: pg.Client;
  let dir: string;
  let provider: LocalKeyProvider;
  /** The sync's side: stores tokens, holds the audit key and the key provider. */
  let vault: TokenVault;
  /** The grantor's side: the audit key only. */
  let grantor: TokenVault;
  let now: Date;
  const opened: TokenVault[] = [];
  const credentials = new Map<string, PrincipalCredential>();
  const credentialOf = (principal: string) => {
    if (!credentials.has(principal)) {
      credentials.set(principal, PrincipalCredential.generate().credential);
    }
    return credentials.get(principal) as PrincipalCredential;
  };

  /** A reverser's vault: the key provider and their own key, never the audit key. */
  const reverser = async (keyProvider: KeyProvider = provider) => {
    const opening = await TokenVault.open(client, {
      keyProvider,
      actor,
      now: () => now,
      migrate: false,
    });
    opened.push(opening);
    return opening;
  };
  const grant = (principal: string, level: AccessLevel, options = {}) =>
    grantor.grant(
      principal,
      level,
      level === 'NONE'
        ? options
        : { publicKey: credentialOf(principal).publicKey.text, ...options },
    );
  const reverse = async (principal: string, extra: { reason?: string; table?: string } = {}) =>
    (await reverser()).reverse('TOKEN_a1', {
      as: principal,
      credential: credentialOf(principal),
      ...extra,
    });
  const accessLog = async () =>
    (
      await client.query(
        'SELECT event, principal, access_level, token, reason, outcome, detail, os_user, signer, grant_sequence FROM confiture.token_access_log ORDER BY sequence',
      )
    ).rows;
  const refusals = async () =>
    (
      await client.query(
        'SELECT principal, token, detail FROM confiture.token_access_refusals ORDER BY recorded_at',
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
    grantor = await TokenVault.open(client, { auditKey, actor, now: () => now });
  });
  afterEach(async () => {
    for (const v of opened.splice(0)) await v.close();
    await grantor.close();
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

  it('seals the grant authority of the audit key when it stores tokens, once', async () => {
    const sealed = (await client.query('SELECT public_key FROM confiture.grant_authorities')).rows;
    expect(sealed).toEqual([{ public_key: GrantAuthority.fromAuditKey(auditKey).publicKey.text }]);
    expect(await vault.sealGrantAuthority()).toBe(sealed[0].public_key);
    expect((await client.query('SELECT * FROM confiture.grant_authorities')).rows).toHaveLength(1);
  });

  it('refuses a principal without a grant, and records the attempt unsigned', async () => {
    await expect(reverse('mallory')).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
      message: 'reversal of TOKEN_a1 by mallory refused: no grant',
    });
    expect(await refusals()).toEqual([
      { principal: 'mallory', token: 'TOKEN_a1', detail: 'no grant' },
    ]);
    expect(await accessLog()).toEqual([]);
  });

  it.each<[AccessLevel, string | undefined, boolean]>([
    ['READ_ONLY', 'ticket SUP-1: customer asked', false],
    ['REVERSE_WITH_REASON', undefined, false],
    ['REVERSE_WITH_REASON', 'ticket SUP-1: customer asked', true],
    ['REVERSE_WITHOUT_REASON', undefined, true],
    ['UNRESTRICTED', undefined, true],
  ])(
    'with %s and reason %p, reversal is allowed: %p — and signed by the principal either way',
    async (level, reason, allowed) => {
      const given = await grant('dana', level);
      expect(given).toMatchObject({ principal: 'dana', level, event: 'grant', grantSequence: 1 });
      const attempt = reverse('dana', reason ? { reason } : {});
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
          grantSequence: 1,
          logSequence: 1,
        });
      } else {
        await expect(attempt).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
      }
      expect(await accessLog()).toEqual([
        expect.objectContaining({
          event: 'reverse',
          principal: 'dana',
          access_level: level,
          reason: reason ?? null,
          outcome: allowed ? 'granted' : 'refused',
          signer: credentialOf('dana').publicKey.text,
          grant_sequence: '1',
        }),
      ]);
      expect(await verifyTokenAccessChain(client, auditKey)).toMatchObject({ ok: true });
    },
  );

  it('reverses without the audit key: the reverser holds the key provider and their own key', async () => {
    await grant('ops', 'UNRESTRICTED');
    const alone = await reverser();
    await expect(
      alone.grant('ops2', 'UNRESTRICTED', { publicKey: credentialOf('x').publicKey.text }),
    ).rejects.toMatchObject({
      code: 'ENV_VAR_MISSING',
    });
    await expect(
      alone.reverse('TOKEN_b2', { as: 'ops', credential: credentialOf('ops') }),
    ).resolves.toMatchObject({ original: 'bob@example.com' });
  });

  it('grants without the key provider, and refuses a grant without a key or with an expiry already past', async () => {
    await expect(grant('erin', 'UNRESTRICTED')).resolves.toMatchObject({ grantSequence: 1 });
    await expect(grantor.grant('frank', 'UNRESTRICTED')).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringContaining("names the principal's public key"),
    });
    await expect(
      grant('frank', 'UNRESTRICTED', { expiresAt: new Date('2026-03-01T11:59:59Z') }),
    ).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message:
        'the expiry 2026-03-01T11:59:59.000Z is not in the future: a grant must end after it is given',
    });
    await expect(grant('frank', 'UNRESTRICTED', { expiresAt: now })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    await expect(
      grantor.grant('frank', 'READ_ONLY', { publicKey: 'ed25519:not-a-key' }),
    ).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringContaining('not an Ed25519 public key'),
    });
    expect(
      Number((await client.query('SELECT count(*) FROM confiture.token_grants')).rows[0].count),
    ).toBe(1);
  });

  it('lets READ_ONLY see where a token occurs, never the original', async () => {
    await grant('rita', 'READ_ONLY');
    const reading = await reverser();
    const metadata = await reading.describe('TOKEN_a1', {
      as: 'rita',
      credential: credentialOf('rita'),
    });
    expect(metadata.map((m) => `${m.table}.${m.column}`)).toEqual([
      'public.orders.buyer_email',
      'public.users.email',
    ]);
    expect(JSON.stringify(metadata)).not.toContain('alice@example.com');
    await expect(
      reading.describe('TOKEN_a1', { as: 'nobody', credential: credentialOf('nobody') }),
    ).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
  });

  it('stops honouring a grant when it expires (a signed refusal)', async () => {
    await grant('erin', 'UNRESTRICTED', { expiresAt: new Date('2026-03-02T00:00:00Z') });
    await expect(reverse('erin')).resolves.toMatchObject({ original: 'alice@example.com' });
    now = new Date('2026-03-02T00:00:00Z');
    await expect(reverse('erin')).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
      message:
        'reversal of TOKEN_a1 by erin refused: grant UNRESTRICTED expired at 2026-03-02T00:00:00.000Z',
    });
    expect((await accessLog()).map((r) => r.outcome)).toEqual(['granted', 'refused']);
  });

  it('stops honouring a revoked grant, and a changed grant replaces the earlier one', async () => {
    await grant('gus', 'UNRESTRICTED');
    await expect(reverse('gus')).resolves.toMatchObject({ grantSequence: 1 });
    await grant('gus', 'READ_ONLY');
    await expect(reverse('gus')).rejects.toMatchObject({
      message: expect.stringContaining('READ_ONLY shows token metadata but never the original'),
    });
    const revoked = await grantor.grant('gus', 'NONE');
    expect(revoked).toMatchObject({ event: 'revoke', level: 'NONE', grantSequence: 3 });
    expect(revoked).not.toHaveProperty('principalKey');
    await expect(reverse('gus')).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
      message:
        'reversal of TOKEN_a1 by gus refused: the grant was revoked (confiture.token_grants entry 3)',
    });
    expect(await verifyTokenGrantChain(client, auditKey)).toMatchObject({ ok: true, entries: 3 });
  });

  it('reverses only tokens inside the grant scope', async () => {
    await grant('sue', 'UNRESTRICTED', { scope: [{ table: 'public.users', column: 'email' }] });
    await expect(reverse('sue')).resolves.toMatchObject({
      original: 'alice@example.com',
      table: 'public.users',
      column: 'email',
      locations: [{ table: 'public.users', column: 'email' }],
    });
    await expect(reverse('sue', { table: 'public.orders' })).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
      message: expect.stringContaining("outside the grant's scope (public.users.email)"),
    });
    const reading = await reverser();
    await expect(
      reading.reverse('TOKEN_c3', { as: 'sue', credential: credentialOf('sue') }),
    ).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    expect(
      await reading.describe('TOKEN_a1', { as: 'sue', credential: credentialOf('sue') }),
    ).toHaveLength(1);
  });

  it('refuses a credential that is not the one the grant names, before decrypting anything', async () => {
    await grant('alice', 'UNRESTRICTED');
    const keys = counting(provider);
    const reading = await reverser(keys);
    // Bob, holding his own key, claims to be alice.
    await expect(
      reading.reverse('TOKEN_a1', { as: 'alice', credential: credentialOf('bob') }),
    ).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
      message: expect.stringContaining(
        "the credential presented is not the key that alice's grant names",
      ),
    });
    expect(keys.decrypts).toBe(0);
    expect(await refusals()).toEqual([expect.objectContaining({ principal: 'alice' })]);
    expect(await accessLog()).toEqual([]);
    // The counter counts: the real credential unwraps the authority's and the token's data key.
    await reading.reverse('TOKEN_a1', { as: 'alice', credential: credentialOf('alice') });
    expect(keys.decrypts).toBeGreaterThan(0);
  });

  it('ignores a grant inserted by hand (the token_grants attack), and verification names it', async () => {
    // Mallory can INSERT into confiture.token_grants (the append-only trigger allows inserts):
    // she writes herself an UNRESTRICTED grant with her own key, chained like a real one and
    // signed with a key of her own making.
    await grant('dana', 'READ_ONLY');
    const mallory = credentialOf('mallory');
    const forger = PrincipalCredential.generate().credential;
    const head = (
      await client.query(
        `SELECT sequence, entry_hash FROM confiture.ledger_heads WHERE ledger = 'token_grants'`,
      )
    ).rows[0];
    const row = {
      sequence: Number(head.sequence) + 1,
      recordedAt: new Date(),
      previousHash: head.entry_hash as string,
      entry: {
        event: 'grant',
        principal: 'mallory',
        accessLevel: 'UNRESTRICTED',
        principalKey: mallory.publicKey.text,
        scope: null,
        expiresAt: null,
        grantedBy: 'mallory',
        signer: forger.publicKey.text,
      },
    };
    const text = canonicalJson({ ledger: 'token_grants', ...row });
    await client.query(
      `INSERT INTO confiture.token_grants VALUES ($1, $2, $3, $4, $5, 'grant', 'mallory', 'UNRESTRICTED', $6, NULL, NULL, 'mallory', $7)`,
      [
        row.sequence,
        row.recordedAt,
        row.previousHash,
        createHash('sha256').update(text).digest('hex'),
        forger.sign(text),
        mallory.publicKey.text,
        forger.publicKey.text,
      ],
    );
    const keys = counting(provider);
    const reading = await reverser(keys);
    await expect(
      reading.reverse('TOKEN_a1', { as: 'mallory', credential: mallory }),
    ).rejects.toMatchObject({
      code: 'INTEGRITY_FAILED',
      message: expect.stringContaining('confiture.token_grants is not intact: entry 2 inserted'),
    });
    expect(await accessLog()).toEqual([]);
    expect(await verifyTokenGrantChain(client, auditKey)).toMatchObject({
      ok: false,
      firstProblem: { sequence: 2, kind: 'inserted' },
    });
    // Nor can she seal an authority of her own: she has no key provider.
    await client.query(
      `INSERT INTO confiture.grant_authorities SELECT $1, data_key_id, nonce, ciphertext, now() FROM confiture.grant_authorities LIMIT 1`,
      [forger.publicKey.text],
    );
    await expect(
      (await reverser()).reverse('TOKEN_a1', { as: 'mallory', credential: mallory }),
    ).rejects.toMatchObject({
      code: 'INTEGRITY_FAILED',
      message: expect.stringContaining(
        `the grant authority ${forger.publicKey.text} in confiture.grant_authorities is not sealed by this key provider`,
      ),
    });
  });

  it('names a reversal forged or replayed in the token access log', async () => {
    await grant('alice', 'UNRESTRICTED');
    await grant('bob', 'UNRESTRICTED');
    await reverse('alice');
    await reverse('bob');
    expect(await verifyTokenAccessChain(client, auditKey)).toMatchObject({ ok: true, entries: 2 });
    // Replay: alice's genuine entry 1 copied to the end, re-linked to the chain.
    await client.query(`
      INSERT INTO confiture.token_access_log
      SELECT 3, recorded_at, (SELECT entry_hash FROM confiture.token_access_log WHERE sequence = 2),
             entry_hash, signature, event, principal, access_level, token, table_name, column_name,
             reason, outcome, detail, os_user, db_user, host, signer, grant_sequence
        FROM confiture.token_access_log WHERE sequence = 1`);
    expect(await verifyTokenAccessChain(client, auditKey)).toMatchObject({
      ok: false,
      firstProblem: { sequence: 3, kind: 'inserted' },
    });
  });

  it("names a reversal that bob signed in alice's name", async () => {
    await grant('alice', 'UNRESTRICTED');
    await reverse('alice');
    const bob = credentialOf('bob');
    const first = (
      await client.query('SELECT * FROM confiture.token_access_log WHERE sequence = 1')
    ).rows[0];
    const row = {
      sequence: 2,
      recordedAt: new Date(),
      previousHash: first.entry_hash,
      entry: {
        event: 'reverse',
        principal: 'alice',
        accessLevel: 'UNRESTRICTED',
        token: 'TOKEN_b2',
        tableName: 'public.users',
        columnName: 'email',
        reason: null,
        outcome: 'granted',
        detail: null,
        osUser: 'alice',
        dbUser: 'alice',
        host: 'h',
        signer: bob.publicKey.text,
        grantSequence: 1,
      },
    };
    const text = canonicalJson({ ledger: 'token_access_log', ...row });
    await tamperAsSuperuser(
      client,
      'token_access_log',
      `INSERT INTO confiture.token_access_log VALUES (2, $1, $2, $3, $4, 'reverse', 'alice', 'UNRESTRICTED', 'TOKEN_b2', 'public.users', 'email', NULL, 'granted', NULL, 'alice', 'alice', 'h', $5, 1)`,
      [
        row.recordedAt,
        row.previousHash,
        createHash('sha256').update(text).digest('hex'),
        bob.sign(text),
        bob.publicKey.text,
      ],
    );
    expect(await verifyTokenAccessChain(client, auditKey)).toMatchObject({
      ok: false,
      firstProblem: {
        sequence: 2,
        kind: 'inserted',
        message: expect.stringContaining("not signed with its principal's key"),
      },
    });
  });

  it('names a reversal entry altered after the fact, without the audit key having signed it', async () => {
    await grant('dana', 'REVERSE_WITH_REASON');
    await reverse('dana', { reason: 'ticket SUP-1: customer asked' });
    await tamperAsSuperuser(
      client,
      'token_access_log',
      "UPDATE confiture.token_access_log SET reason = 'ticket SUP-2: something else' WHERE sequence = 1",
    );
    expect(await verifyTokenAccessChain(client, auditKey)).toMatchObject({
      ok: false,
      firstProblem: { sequence: 1, kind: 'altered' },
    });
  });

  it('refuses UPDATE and DELETE on grants, authorities and refusals', async () => {
    await grant('dana', 'READ_ONLY');
    await reverse('nobody').catch(() => undefined);
    for (const sql of [
      "UPDATE confiture.token_grants SET access_level = 'UNRESTRICTED'",
      'DELETE FROM confiture.token_grants',
      'TRUNCATE confiture.token_grants',
      'DELETE FROM confiture.grant_authorities',
      "UPDATE confiture.token_access_refusals SET detail = 'x'",
    ]) {
      await expect(client.query(sql)).rejects.toThrow(/is append-only/);
    }
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
      await grant('ops', 'UNRESTRICTED');
      const ops = { as: 'ops', credential: credentialOf('ops') };
      await expect(shortLived.reverse('TOKEN_tmp', ops)).resolves.toMatchObject({
        original: 'tmp@example.com',
      });
      now = new Date(now.getTime() + 60_000);
      await expect(shortLived.reverse('TOKEN_tmp', ops)).rejects.toMatchObject({
        code: 'ACCESS_DENIED',
        message: expect.stringContaining('the token expired at'),
      });
      expect(await shortLived.purgeExpired()).toBe(1);
    } finally {
      await shortLived.close();
    }
  });

  it('says NOT_FOUND for an unknown token, after checking access, and records it', async () => {
    await grant('ops', 'UNRESTRICTED');
    const reading = await reverser();
    await expect(
      reading.reverse('TOKEN_zz', { as: 'ops', credential: credentialOf('ops') }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      reading.reverse('TOKEN_zz', { as: 'stranger', credential: credentialOf('stranger') }),
    ).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    expect((await accessLog()).map((r) => r.outcome)).toEqual(['refused']);
    expect((await refusals()).map((r) => r.principal)).toEqual(['stranger']);
  });

  describe('tampered ciphertexts', () => {
    const reverseAsOps = async (token: string) =>
      (await reverser()).reverse(token, { as: 'ops', credential: credentialOf('ops') });
    beforeEach(async () => {
      await grant('ops', 'UNRESTRICTED');
    });

    it('detects a ciphertext altered in the database', async () => {
      await client.query(
        "UPDATE confiture.tokens SET ciphertext = set_byte(ciphertext, 0, get_byte(ciphertext, 0) # 1) WHERE token = 'TOKEN_b2'",
      );
      await expect(reverseAsOps('TOKEN_b2')).rejects.toMatchObject({ code: 'INTEGRITY_FAILED' });
    });

    it('detects a nonce altered in the database', async () => {
      await client.query(
        "UPDATE confiture.tokens SET nonce = set_byte(nonce, 11, get_byte(nonce, 11) # 128) WHERE token = 'TOKEN_b2'",
      );
      await expect(reverseAsOps('TOKEN_b2')).rejects.toMatchObject({ code: 'INTEGRITY_FAILED' });
    });

    it('detects a ciphertext moved to another token or column (associated data)', async () => {
      await client.query(`
        UPDATE confiture.tokens t SET ciphertext = s.ciphertext, nonce = s.nonce
        FROM confiture.tokens s WHERE t.token = 'TOKEN_b2' AND s.token = 'TOKEN_c3'`);
      await expect(reverseAsOps('TOKEN_b2')).rejects.toMatchObject({ code: 'INTEGRITY_FAILED' });
      await client.query(
        "UPDATE confiture.tokens SET column_name = 'phone' WHERE token = 'TOKEN_c3'",
      );
      await expect(reverseAsOps('TOKEN_c3')).rejects.toMatchObject({ code: 'INTEGRITY_FAILED' });
    });
  });

  it('keeps tokens stored before a master key rotation reversible, and wraps new data keys with the new version', async () => {
    await grant('ops', 'UNRESTRICTED');
    const ops = { as: 'ops', credential: credentialOf('ops') };
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

    const fresh = await reverser(LocalKeyProvider.fromKeyFile(join(dir, 'keys.json')));
    await expect(fresh.reverse('TOKEN_b2', ops)).resolves.toMatchObject({
      original: 'bob@example.com',
    });
    await expect(fresh.reverse('TOKEN_new', ops)).resolves.toMatchObject({
      original: 'new@example.com',
    });
    expect(await fresh.rewrapDataKeys()).toEqual({ rewrapped: 1, version: newVersion });
    const keyVersions = (
      await client.query('SELECT DISTINCT master_key_version FROM confiture.data_keys')
    ).rows;
    expect(keyVersions).toEqual([{ master_key_version: newVersion }]);
    const afterRewrap = await reverser(LocalKeyProvider.fromKeyFile(join(dir, 'keys.json')));
    await expect(afterRewrap.reverse('TOKEN_b2', ops)).resolves.toMatchObject({
      original: 'bob@example.com',
    });
  });

  it('cannot reverse anything under another master key', async () => {
    await grant('ops', 'UNRESTRICTED');
    const stranger = LocalKeyProvider.fromEnv({
      CONFITURE_MASTER_KEY: randomBytes(32).toString('hex'),
    });
    const wrong = await reverser(stranger);
    await expect(
      wrong.reverse('TOKEN_b2', { as: 'ops', credential: credentialOf('ops') }),
    ).rejects.toMatchObject({ code: 'KEY_PROVIDER' });
  });

  it('needs the audit key to grant', async () => {
    const unsigned = await reverser();
    await expect(unsigned.grant('x', 'NONE')).rejects.toMatchObject({ code: 'ENV_VAR_MISSING' });
  });

  it('stores ten thousand tokens in batches', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({
      token: `TOKEN_${i}`,
      original: `user${i}@example.com`,
      table: 'public.big',
      column: 'email',
    }));
    expect(await vault.storeTokens(many)).toEqual({ stored: 10_000 });
    await grant('ops', 'UNRESTRICTED');
    await expect(
      (await reverser()).reverse('TOKEN_9999', { as: 'ops', credential: credentialOf('ops') }),
    ).resolves.toMatchObject({ original: 'user9999@example.com' });
  });
});
