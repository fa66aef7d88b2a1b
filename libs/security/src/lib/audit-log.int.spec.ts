import { randomUUID } from 'node:crypto';
import { connectTestDatabase, type ConnectedTestDatabase } from '@confiture/pg-harness';
import pg from 'pg';
import { tamperAsSuperuser } from '../test-support/ledger-tampering';
import { AuditKey } from './audit-key';
import {
  appendAuditEntry,
  listAuditEntries,
  verifyAuditChain,
  type AuditEntryInput,
} from './audit-log';

const key = AuditKey.fromString('audit-test-key-0123456789abcdef0123456789ab');

function entry(overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    runId: randomUUID(),
    osUser: 'alice',
    host: 'build-7',
    source: 'production (app@db1:5432/app)',
    target: 'staging (app@db2:5432/app)',
    profile: { name: 'production', version: '1', sha256: 'a'.repeat(64) },
    tables: ['public.users', 'public.orders'],
    rowsPerTable: { 'public.users': 1200, 'public.orders': 5400 },
    strategies: { 'public.users.email': 'email', 'public.users.ssn': 'redact' },
    verification: { ok: true, leaks: [], rowCounts: { 'public.users': 1200 } },
    startedAt: new Date('2026-03-01T02:00:00.000Z'),
    finishedAt: '2026-03-01T02:03:10.250Z',
    status: 'succeeded',
    ...overrides,
  };
}

describe('signed audit log', () => {
  let db: ConnectedTestDatabase;
  let client: pg.Client;

  beforeEach(async () => {
    db = await connectTestDatabase();
    client = db.client;
  });
  afterEach(async () => {
    await db.drop();
  });

  it('appends an entry with who, where, what and the verification result, and lists it back', async () => {
    const first = entry();
    const stored = await appendAuditEntry(client, first, key);
    await appendAuditEntry(client, entry({ status: 'failed', verification: { ok: false } }), key);
    const listed = await listAuditEntries(client);
    expect(listed.map((e) => e.sequence)).toEqual([2, 1]);
    expect(listed[1]).toEqual(stored);
    expect(stored).toMatchObject({
      sequence: 1,
      runId: first.runId,
      osUser: 'alice',
      host: 'build-7',
      source: 'production (app@db1:5432/app)',
      profile: { name: 'production', version: '1', sha256: 'a'.repeat(64) },
      rowsPerTable: { 'public.users': 1200, 'public.orders': 5400 },
      verification: { ok: true, leaks: [], rowCounts: { 'public.users': 1200 } },
      startedAt: '2026-03-01T02:00:00.000Z',
      finishedAt: '2026-03-01T02:03:10.250Z',
      status: 'succeeded',
    });
    expect(await verifyAuditChain(client, key)).toMatchObject({ ok: true, entries: 2 });
  });

  it('filters the list by run', async () => {
    const wanted = entry();
    await appendAuditEntry(client, wanted, key);
    await appendAuditEntry(client, entry(), key);
    expect((await listAuditEntries(client, { runId: wanted.runId })).map((e) => e.runId)).toEqual([
      wanted.runId,
    ]);
  });

  it('strips a password from a connection string used as a label', async () => {
    const stored = await appendAuditEntry(
      client,
      entry({ source: 'postgresql://app:hunter2-secret@db1:5432/app' }),
      key,
    );
    expect(stored.source).toBe('postgresql://app:***@db1:5432/app');
    const raw = await client.query('SELECT source FROM confiture.audit_log');
    expect(JSON.stringify(raw.rows)).not.toContain('hunter2-secret');
  });

  it('detects a verification result rewritten by a superuser', async () => {
    await appendAuditEntry(client, entry(), key);
    await appendAuditEntry(
      client,
      entry({ verification: { ok: false, leaks: ['users.email'] } }),
      key,
    );
    await tamperAsSuperuser(
      client,
      'audit_log',
      `UPDATE confiture.audit_log SET verification = '{"ok": true, "leaks": []}' WHERE sequence = 2`,
    );
    expect(await verifyAuditChain(client, key)).toMatchObject({
      ok: false,
      firstProblem: { sequence: 2, kind: 'altered' },
    });
  });

  it('refuses an entry without the fields an audit needs, naming the field', async () => {
    await expect(
      appendAuditEntry(client, { ...entry(), profile: { name: 'p', sha256: 'nothex' } }, key),
    ).rejects.toMatchObject({ message: expect.stringContaining('profile.sha256') });
  });

  it('says there is nothing to verify in a database no sync wrote to', async () => {
    await expect(verifyAuditChain(client, key)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('has no confiture schema'),
    });
  });
});
