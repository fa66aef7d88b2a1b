import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectTestDatabase, type ConnectedTestDatabase } from '@confiture/pg-harness';
import { DataSource } from 'typeorm';
import { AuditKey } from './audit-key';
import { canonicalJson } from './canonical-json';
import { headText } from './ledger';
import { LocalKeyProvider } from './local-key-provider';
import { PrincipalCredential } from './principal-key';
import { SecuritySchema1767225600000 } from './security-migrations';
import { ensureSecuritySchema } from './security-store';
import { verifyTokenAccessChain } from './token-access-log';
import { TokenVault } from './token-vault';

const auditKey = AuditKey.fromString('migration-test-key-0123456789abcdef012345');

describe('upgrading a security schema of the first version', () => {
  let db: ConnectedTestDatabase;
  let dir: string;

  beforeEach(async () => {
    db = await connectTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'confiture-migrate-'));
    await db.client.query('CREATE SCHEMA confiture');
    const first = new DataSource({
      type: 'postgres',
      url: db.url,
      schema: 'confiture',
      migrations: [SecuritySchema1767225600000],
      migrationsTableName: 'schema_migrations',
    });
    await first.initialize();
    await first.runMigrations();
    await first.destroy();
  });
  afterEach(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What version 1 wrote: grant and reversal events signed with the audit key, an unsigned grant row. */
  async function writeFirstVersionLog(): Promise<void> {
    let previous = '0'.repeat(64);
    const events = [
      { event: 'grant', outcome: 'granted', token: null, detail: 'no expiry' },
      { event: 'reverse', outcome: 'granted', token: 'TOKEN_old', detail: null },
    ];
    for (const [i, e] of events.entries()) {
      const recordedAt = new Date(`2026-01-0${i + 1}T00:00:00Z`);
      // The text version 1 signed, spelled out (not computed by today's code).
      const text = canonicalJson({
        ledger: 'token_access_log',
        sequence: i + 1,
        recordedAt,
        previousHash: previous,
        entry: {
          event: e.event,
          principal: 'ops',
          accessLevel: 'UNRESTRICTED',
          token: e.token,
          tableName: null,
          columnName: null,
          reason: null,
          outcome: e.outcome,
          detail: e.detail,
          osUser: 'old',
          dbUser: 'old',
          host: 'old',
        },
      });
      const hash = createHash('sha256').update(text).digest('hex');
      await db.client.query(
        `INSERT INTO confiture.token_access_log VALUES ($1, $2, $3, $4, $5, $6, 'ops', 'UNRESTRICTED', $7, NULL, NULL, NULL, $8, $9, 'old', 'old', 'old')`,
        [
          i + 1,
          recordedAt,
          previous,
          hash,
          auditKey.sign(text),
          e.event,
          e.token,
          e.outcome,
          e.detail,
        ],
      );
      previous = hash;
    }
    const head = { sequence: 2, entryHash: previous };
    await db.client.query(
      `UPDATE confiture.ledger_heads SET sequence = 2, entry_hash = $1, signature = $2 WHERE ledger = 'token_access_log'`,
      [previous, auditKey.sign(headText('token_access_log', head))],
    );
    await db.client.query(
      `INSERT INTO confiture.token_grants VALUES ('ops', 'UNRESTRICTED', NULL, 'old', now())`,
    );
  }

  it('keeps the old signed entries verifiable, drops the unsigned grants, and chains new reversals after them', async () => {
    await writeFirstVersionLog();
    expect(
      await verifyTokenAccessChain(db.client, auditKey).catch((e: Error) => e.message),
    ).toMatch(/token_grants|column/);
    expect((await ensureSecuritySchema(db.client)).applied).toEqual([
      'LedgerHeadAppendPath1767312000000',
      'SignedTokenGrants1767398400000',
    ]);
    expect(await verifyTokenAccessChain(db.client, auditKey)).toMatchObject({
      ok: true,
      entries: 2,
    });
    expect(
      (await db.client.query('SELECT count(*)::int AS n FROM confiture.token_grants')).rows[0].n,
    ).toBe(0);

    // The old grant named no key: it is gone. A new one, then a reversal by a reverser who has no
    // audit key and so cannot check the old head: it extends the chain all the same.
    const provider = LocalKeyProvider.createKeyFile(join(dir, 'keys.json'));
    const ops = PrincipalCredential.generate().credential;
    const vault = await TokenVault.open(db.client, { keyProvider: provider, auditKey });
    await vault.storeTokens([
      { token: 'TOKEN_new', original: 'x@example.com', table: 'public.t', column: 'c' },
    ]);
    await vault.grant('ops', 'UNRESTRICTED', { publicKey: ops.publicKey.text });
    await vault.close();
    const reverser = await TokenVault.open(db.client, { keyProvider: provider, migrate: false });
    await expect(
      reverser.reverse('TOKEN_new', { as: 'ops', credential: ops }),
    ).resolves.toMatchObject({
      original: 'x@example.com',
      logSequence: 3,
    });
    await reverser.close();
    await provider.close();
    expect(await verifyTokenAccessChain(db.client, auditKey)).toMatchObject({
      ok: true,
      entries: 3,
    });
    // An old entry flipped to look new (or the other way round) no longer matches its hash.
    await db.client.query('ALTER TABLE confiture.token_access_log DISABLE TRIGGER USER');
    await db.client.query(
      `UPDATE confiture.token_access_log SET signer = $1, grant_sequence = 1 WHERE sequence = 2`,
      [ops.publicKey.text],
    );
    expect(await verifyTokenAccessChain(db.client, auditKey)).toMatchObject({
      ok: false,
      firstProblem: { sequence: 2, kind: 'altered' },
    });
  });
});
