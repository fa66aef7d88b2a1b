import { randomBytes, randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@confiture/pg-harness';
import pg from 'pg';
import { AuditKey } from './audit-key';
import { appendLineage, verifyLineageChain } from './lineage';
import { ensureSecuritySchema, lockDownSecuritySchema } from './security-store';

const key = AuditKey.fromString('store-test-key-0123456789abcdef0123456789ab');

describe('security schema roles', () => {
  let db: TestDatabase;
  let admin: pg.Client;
  let writer: pg.Client;
  const suffix = randomBytes(4).toString('hex');
  const writerRole = `confiture_sync_${suffix}`;
  const ownerRole = `confiture_owner_${suffix}`;
  const password = randomBytes(12).toString('hex');

  beforeAll(async () => {
    db = await createTestDatabase();
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(`CREATE ROLE ${writerRole} LOGIN PASSWORD '${password}'`);
    await admin.query(`GRANT CONNECT ON DATABASE "${db.name}" TO ${writerRole}`);
    await ensureSecuritySchema(admin);
    const report = await lockDownSecuritySchema(admin, { writerRole, ownerRole });
    expect(report).toEqual({
      ownerRole,
      writerRole,
      warnings: [expect.stringContaining('no sync has run into this database yet')],
    });
    const url = new URL(db.url);
    url.username = writerRole;
    url.password = password;
    writer = new pg.Client({ connectionString: url.toString() });
    await writer.connect();
  });
  afterAll(async () => {
    await writer?.end();
    await admin?.end();
    await db?.drop();
    const server = new pg.Client({ connectionString: db.serverUrl });
    await server.connect();
    await server.query(`DROP ROLE IF EXISTS ${writerRole}`);
    await server.query(`DROP ROLE IF EXISTS ${ownerRole}`);
    await server.end();
  });

  it('lets the syncing role append to the ledgers', async () => {
    await appendLineage(
      writer,
      [
        {
          runId: randomUUID(),
          table: 'public.t',
          column: 'c',
          strategy: 'hash',
          optionsSha256: 'b'.repeat(64),
          rows: 3,
        },
      ],
      key,
    );
    expect(await verifyLineageChain(writer, key)).toMatchObject({ ok: true, entries: 1 });
  });

  it.each([
    [
      'switch off the append-only trigger',
      'ALTER TABLE confiture.lineage DISABLE TRIGGER lineage_append_only',
      /must be owner/,
    ],
    ['drop a ledger', 'DROP TABLE confiture.audit_log', /must be owner/],
    [
      'roll a ledger head back',
      "UPDATE confiture.ledger_heads SET sequence = 0 WHERE ledger = 'lineage'",
      /permission denied for table ledger_heads/,
    ],
    [
      'point a ledger head past the chain',
      "SELECT confiture.advance_ledger_head(ledger, sequence, entry_hash, sequence + 5, repeat('a', 64), 'x') FROM confiture.ledger_heads WHERE ledger = 'lineage'",
      /do not continue its chain/,
    ],
    [
      'create a table in the schema',
      'CREATE TABLE confiture.sync_runs_shadow (id int)',
      /permission denied for schema confiture/,
    ],
    [
      'rewrite a ledger row',
      "UPDATE confiture.lineage SET strategy = 'preserve'",
      /permission denied/,
    ],
    ['delete ledger rows', 'DELETE FROM confiture.lineage', /permission denied/],
    ['truncate a ledger', 'TRUNCATE confiture.lineage', /permission denied/],
    [
      'grant itself access to tokens',
      "INSERT INTO confiture.token_grants SELECT 1, now(), repeat('0', 64), repeat('a', 64), 'x', 'grant', 'me', 'UNRESTRICTED', 'ed25519:' || repeat('A', 43), NULL, NULL, 'me', 'ed25519:' || repeat('A', 43)",
      /permission denied/,
    ],
    [
      'replace the trigger function',
      'CREATE OR REPLACE FUNCTION confiture.refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$',
      /must be owner|permission denied/,
    ],
  ])('stops the syncing role when it tries to %s', async (_what, sql, error) => {
    await expect(writer.query(sql)).rejects.toThrow(error);
  });

  it('warns when the syncing role is a superuser', async () => {
    const current = (await admin.query<{ user: string }>('SELECT current_user AS user')).rows[0]
      ?.user as string;
    const report = await lockDownSecuritySchema(admin, { writerRole: current, ownerRole });
    expect(report.warnings).toEqual([
      expect.stringContaining('is a superuser'),
      expect.stringContaining('no sync has run'),
    ]);
    await lockDownSecuritySchema(admin, { writerRole, ownerRole });
  });
});
