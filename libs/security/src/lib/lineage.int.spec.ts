import { createHash, randomUUID } from 'node:crypto';
import { connectTestDatabase, type ConnectedTestDatabase } from '@confiture/pg-harness';
import pg from 'pg';
import { tamperAsSuperuser } from '../test-support/ledger-tampering';
import { AuditKey } from './audit-key';
import { canonicalJson } from './canonical-json';
import {
  appendLineage,
  hashStrategyOptions,
  verifyLineageChain,
  type LineageEntryInput,
} from './lineage';
import { ensureSecuritySchema } from './security-store';

const key = AuditKey.fromString('lineage-test-key-0123456789abcdef0123456789');
const otherKey = AuditKey.fromString('some-other-key-0123456789abcdef0123456789ab');

function entries(runId: string, columns: string[]): LineageEntryInput[] {
  return columns.map((column, i) => ({
    runId,
    table: 'public.users',
    column,
    strategy: i % 2 ? 'email' : 'redact',
    optionsSha256: hashStrategyOptions({ domain: 'anon.local', column }),
    rows: 1000 + i,
  }));
}

describe('signed lineage chain', () => {
  let db: ConnectedTestDatabase;
  let client: pg.Client;

  beforeEach(async () => {
    db = await connectTestDatabase();
    client = db.client;
    await appendLineage(client, entries(randomUUID(), ['email', 'phone', 'name']), key);
    await appendLineage(client, entries(randomUUID(), ['ssn', 'notes']), key);
  });
  afterEach(async () => {
    await db.drop();
  });

  it('verifies an intact chain of every entry appended', async () => {
    expect(await verifyLineageChain(client, key)).toEqual({
      ledger: 'lineage',
      ok: true,
      entries: 5,
      head: { sequence: 5, entryHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
  });

  it('numbers entries in order and links each to the hash of the one before', async () => {
    const rows = (
      await client.query(
        'SELECT sequence, previous_hash, entry_hash FROM confiture.lineage ORDER BY sequence',
      )
    ).rows;
    expect(rows.map((r) => Number(r.sequence))).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0].previous_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++)
      expect(rows[i].previous_hash).toBe(rows[i - 1].entry_hash);
  });

  it.each([
    ['UPDATE', "UPDATE confiture.lineage SET strategy = 'preserve' WHERE sequence = 2"],
    ['DELETE', 'DELETE FROM confiture.lineage WHERE sequence = 2'],
    ['TRUNCATE', 'TRUNCATE confiture.lineage'],
  ])('refuses %s, even in replica mode that silences ordinary triggers', async (op, sql) => {
    await expect(client.query(sql)).rejects.toThrow(
      `confiture.lineage is append-only: ${op} refused`,
    );
    await client.query('SET session_replication_role = replica');
    await expect(client.query(sql)).rejects.toThrow(/append-only/);
    await client.query('SET session_replication_role = DEFAULT');
    expect((await verifyLineageChain(client, key)).ok).toBe(true);
  });

  it('names a row modified by a superuser who bypassed the trigger', async () => {
    await tamperAsSuperuser(
      client,
      'lineage',
      'UPDATE confiture.lineage SET rows = 1 WHERE sequence = 3',
    );
    expect(await verifyLineageChain(client, key)).toMatchObject({
      ok: false,
      firstProblem: {
        sequence: 3,
        kind: 'altered',
        message: expect.stringContaining('entry 3 of confiture.lineage was altered'),
      },
    });
  });

  it('names a row deleted by a superuser', async () => {
    await tamperAsSuperuser(client, 'lineage', 'DELETE FROM confiture.lineage WHERE sequence = 2');
    expect(await verifyLineageChain(client, key)).toMatchObject({
      ok: false,
      entries: 2,
      firstProblem: {
        sequence: 2,
        kind: 'deleted',
        message: expect.stringContaining('entry 2 is missing'),
      },
    });
  });

  it('names the deleted tail of the chain through the signed head', async () => {
    await tamperAsSuperuser(client, 'lineage', 'DELETE FROM confiture.lineage WHERE sequence >= 4');
    expect(await verifyLineageChain(client, key)).toMatchObject({
      ok: false,
      firstProblem: {
        sequence: 4,
        kind: 'deleted',
        message: expect.stringContaining('entries 4 to 5 are missing'),
      },
    });
  });

  it('names a row inserted by a superuser who computed a consistent hash but has no key', async () => {
    // The forger copies entry 5, renumbers it, and even recomputes a valid-looking hash chain.
    const last = (await client.query('SELECT * FROM confiture.lineage WHERE sequence = 5')).rows[0];
    const forged = {
      ledger: 'lineage',
      sequence: 6,
      recordedAt: new Date(),
      previousHash: last.entry_hash,
      entry: {
        runId: last.run_id,
        tableName: 'public.users',
        columnName: 'notes',
        strategy: 'preserve',
        optionsSha256: last.options_sha256,
        rows: 5,
      },
    };
    const hash = createHash('sha256').update(canonicalJson(forged)).digest('hex');
    await tamperAsSuperuser(
      client,
      'lineage',
      `INSERT INTO confiture.lineage (sequence, recorded_at, previous_hash, entry_hash, signature, run_id, table_name, column_name, strategy, options_sha256, rows)
       VALUES (6, $1, $2, $3, $4, $5, 'public.users', 'notes', 'preserve', $6, 5)`,
      [forged.recordedAt, last.entry_hash, hash, 'f'.repeat(64), last.run_id, last.options_sha256],
    );
    expect(await verifyLineageChain(client, key)).toMatchObject({
      ok: false,
      firstProblem: {
        sequence: 6,
        kind: 'inserted',
        message: expect.stringContaining('not signed with the audit key'),
      },
    });
  });

  it('names a row inserted past a gap in the numbering as inserted, not as deleted entries', async () => {
    // A plain INSERT: the append-only triggers allow it, no superuser needed.
    await client.query(
      `INSERT INTO confiture.lineage SELECT 9, recorded_at, entry_hash, entry_hash, signature, run_id, table_name, 'forged', strategy, options_sha256, rows
       FROM confiture.lineage WHERE sequence = 5`,
    );
    expect(await verifyLineageChain(client, key)).toMatchObject({
      ok: false,
      firstProblem: {
        sequence: 9,
        kind: 'inserted',
        message: expect.stringContaining('lies beyond its signed head (entry 5)'),
      },
    });
  });

  it('names a signed entry copied to the end of the chain as inserted', async () => {
    await client.query(
      `INSERT INTO confiture.lineage SELECT 6, recorded_at, (SELECT entry_hash FROM confiture.lineage WHERE sequence = 5), entry_hash, signature, run_id, table_name, column_name, strategy, options_sha256, rows
       FROM confiture.lineage WHERE sequence = 2`,
    );
    expect(await verifyLineageChain(client, key)).toMatchObject({
      ok: false,
      firstProblem: { sequence: 6, kind: 'inserted' },
    });
  });

  it('names a forged first entry of an empty ledger as inserted, not as a wrong key', async () => {
    const empty = await connectTestDatabase();
    try {
      await ensureSecuritySchema(empty.client);
      await empty.client.query(
        `INSERT INTO confiture.lineage VALUES (1, now(), $1, $2, $3, $4, 'public.users', 'email', 'preserve', $2, 1)`,
        ['0'.repeat(64), 'a'.repeat(64), 'b'.repeat(64), randomUUID()],
      );
      expect(await verifyLineageChain(empty.client, key)).toMatchObject({
        ok: false,
        firstProblem: { sequence: 1, kind: 'inserted' },
      });
    } finally {
      await empty.drop();
    }
  });

  it('still names entries deleted from the middle when the next entry is genuine', async () => {
    await tamperAsSuperuser(
      client,
      'lineage',
      'DELETE FROM confiture.lineage WHERE sequence IN (2, 3)',
    );
    expect(await verifyLineageChain(client, key)).toMatchObject({
      ok: false,
      firstProblem: {
        sequence: 2,
        kind: 'deleted',
        message: expect.stringContaining('entries 2 to 3 are missing'),
      },
    });
  });

  it('names a row inserted in the middle by renumbering the rest', async () => {
    await tamperAsSuperuser(
      client,
      'lineage',
      'UPDATE confiture.lineage SET sequence = sequence + 100 WHERE sequence >= 3; UPDATE confiture.lineage SET sequence = sequence - 99 WHERE sequence >= 100',
    );
    await tamperAsSuperuser(
      client,
      'lineage',
      `INSERT INTO confiture.lineage SELECT 3, recorded_at, previous_hash, entry_hash, signature, run_id, table_name, 'extra', strategy, options_sha256, rows
       FROM confiture.lineage WHERE sequence = 2`,
    );
    const result = await verifyLineageChain(client, key);
    expect(result.ok).toBe(false);
    expect(result.firstProblem?.sequence).toBe(3);
    expect(result.firstProblem?.kind).toMatch(/^(altered|inserted)$/);
  });

  it('reports a wrong key as a bad signature on the first entry', async () => {
    expect(await verifyLineageChain(client, otherKey)).toMatchObject({
      ok: false,
      entries: 1,
      firstProblem: { sequence: 1, kind: 'bad-signature' },
    });
  });

  it('refuses to extend a chain signed with another key', async () => {
    await expect(
      appendLineage(client, entries(randomUUID(), ['email']), otherKey),
    ).rejects.toMatchObject({
      code: 'INTEGRITY_FAILED',
      message: expect.stringContaining('not signed with this audit key'),
    });
    expect((await verifyLineageChain(client, key)).entries).toBe(5);
  });

  it('refuses to extend a chain whose tail was deleted', async () => {
    await tamperAsSuperuser(client, 'lineage', 'DELETE FROM confiture.lineage WHERE sequence = 5');
    await expect(
      appendLineage(client, entries(randomUUID(), ['email']), key),
    ).rejects.toMatchObject({
      code: 'INTEGRITY_FAILED',
      message: expect.stringContaining('ends at entry 4 but its signed head is entry 5'),
    });
  });

  it('keeps the chain contiguous when two syncs append at once', async () => {
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      await Promise.all([
        appendLineage(client, entries(randomUUID(), ['a', 'b', 'c']), key),
        appendLineage(other, entries(randomUUID(), ['d', 'e', 'f']), key),
      ]);
    } finally {
      await other.end();
    }
    expect(await verifyLineageChain(client, key)).toMatchObject({ ok: true, entries: 11 });
  });

  it('creates the schema once, whatever the number of calls', async () => {
    expect(await ensureSecuritySchema(client)).toEqual({ applied: [] });
  });

  it('hashes options without their seed material', () => {
    expect(hashStrategyOptions({ domain: 'x', seed: 'secret-one' })).toBe(
      hashStrategyOptions({ seed: 'secret-two', domain: 'x' }),
    );
    expect(hashStrategyOptions({ domain: 'x' })).not.toBe(hashStrategyOptions({ domain: 'y' }));
  });
});
