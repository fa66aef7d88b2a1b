import { parseProfile } from '@confiture/domain';
import { connectTestDatabase, type ConnectedTestDatabase } from '@confiture/pg-harness';
import { strategyCatalog } from '@confiture/strategies';
import pg from 'pg';
import { auditPii } from './audit-pii';

describe('auditPii', () => {
  let db: ConnectedTestDatabase;
  let client: pg.Client;
  beforeEach(async () => {
    db = await connectTestDatabase();
    client = db.client;
    await client.query(`
      CREATE TABLE users (id serial PRIMARY KEY, email text, phone_verified boolean, status text);
      INSERT INTO users (email, phone_verified, status) VALUES ('a@corp.com', true, 'active');`);
  });
  afterEach(async () => {
    await db.drop();
  });

  it('lists PII columns with evidence and the profile coverage', async () => {
    const profile = parseProfile('tables:\n  users: []\n', 'p.yaml', { catalog: strategyCatalog });
    const report = await auditPii(client, { profile });
    expect(report.summary).toEqual({ tables: 1, columns: 4, piiColumns: 1, unmapped: 1 });
    expect(report.columns).toEqual([
      expect.objectContaining({
        table: 'public.users',
        column: 'email',
        kind: 'email',
        coverage: { status: 'unmapped' },
        evidence: [
          expect.objectContaining({
            source: 'name',
            detail: 'column name contains "email" (email address)',
          }),
          expect.objectContaining({
            source: 'values',
            detail: '1 of 1 sampled values are email addresses',
          }),
        ],
      }),
    ]);
    expect(report.store).toEqual({ stored: false, reason: 'not asked to record it (--record)' });
    // By default the audited database is left exactly as it was: not even the schema is created.
    const schema = await client.query(`SELECT to_regnamespace('confiture') AS oid`);
    expect(schema.rows[0].oid).toBeNull();
  });

  it('stores each audit and lists columns that appeared or changed type since the last one', async () => {
    const first = await auditPii(client, { warnOnNewColumns: true, store: true });
    expect(first.store).toMatchObject({ stored: true });
    expect(first.changes).toEqual({ added: [], typeChanged: [], removed: [], baseline: true });
    await client.query(`
      ALTER TABLE users ADD COLUMN backup_email text;
      ALTER TABLE users ALTER COLUMN phone_verified TYPE text;`);
    const second = await auditPii(client, { warnOnNewColumns: true, store: true });
    expect(second.changes).toMatchObject({
      baseline: false,
      since: expect.any(String),
      added: [
        { table: 'public.users', column: 'backup_email', type: 'text', pii: true, kind: 'email' },
      ],
      typeChanged: [
        {
          table: 'public.users',
          column: 'phone_verified',
          type: 'text',
          previousType: 'boolean',
          pii: false,
        },
      ],
      removed: [],
    });
    const { rows } = await client.query('SELECT count(*)::int AS n FROM confiture.pii_audits');
    expect(rows[0].n).toBe(2);
    // Confiture's own schema is never audited.
    expect(second.columns.every((c) => !c.table.startsWith('confiture.'))).toBe(true);
  });

  it('says so when a read-only connection cannot store the audit', async () => {
    await client.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY');
    const report = await auditPii(client, { warnOnNewColumns: true, store: true });
    expect(report.store).toEqual({
      stored: false,
      reason: 'the connection is read-only, so this audit was not stored',
    });
    expect(report.changes?.baseline).toBe(true);
  });
});
