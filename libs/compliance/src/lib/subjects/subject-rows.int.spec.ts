import { mkdtempSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isConfitureError, type ConfitureError } from '@confiture/domain';
import { connectTestDatabase, type ConnectedTestDatabase } from '@confiture/pg-harness';
import { SUBJECT_SCHEMA, SUBJECTS_YAML } from '../../test-support/subject-fixture';
import { parseComplianceConfig } from '../compliance-config';
import { parseSubjectExpression } from './subject-expression';
import { exportSubjectRows, type AccessManifest } from './subject-export';
import { countSubjectRows, findSubjectRows, inSubjectSnapshot } from './subject-rows';
import type { SubjectsConfig } from './subjects-config';

const subjects = parseComplianceConfig(SUBJECTS_YAML, 'c.yaml').subjects as SubjectsConfig;

/** Hand-written: the key of each row of subject `$1` (an account id), per table. */
const EXPECTED: Record<string, string> = {
  'app."Accounts"': `SELECT id::text AS k FROM app."Accounts" WHERE id = $1`,
  'app.orders': `SELECT id::text AS k FROM app.orders WHERE account_id = $1`,
  'app.order_lines': `SELECT l.order_id || '/' || l.line_no AS k FROM app.order_lines l
    JOIN app.orders o ON o.id = l.order_id WHERE o.account_id = $1`,
  'app.line_notes': `SELECT n.id::text AS k FROM app.line_notes n
    JOIN app.orders o ON o.id = n.order_id WHERE o.account_id = $1`,
  'app.comments': `WITH RECURSIVE c AS (SELECT id FROM app.comments WHERE account_id = $1
    UNION SELECT r.id FROM app.comments r JOIN c ON r.parent_id = c.id) SELECT id::text AS k FROM c`,
  'app.profiles': `SELECT id::text AS k FROM app.profiles WHERE account_id = $1`,
  'app.addresses': `SELECT a.id::text AS k FROM app.addresses a
    JOIN app.profiles p ON p.id = a.profile_id WHERE p.account_id = $1`,
  'app.transfers': `SELECT id::text AS k FROM app.transfers WHERE $1 IN (from_account, to_account)`,
  'billing.invoices': `SELECT id::text AS k FROM billing.invoices WHERE account_id = $1`,
  'app.audit_events': `SELECT e.id::text AS k FROM app.audit_events e
    JOIN app."Accounts" a ON a."Email" = e.actor_email WHERE a.id = $1`,
};

/** The key of an exported JSON row, in the form EXPECTED uses. */
function keyOf(table: string, row: Record<string, unknown>): string {
  return table === 'app.order_lines' ? `${row['order_id']}/${row['line_no']}` : String(row['id']);
}

describe('a data subject across the foreign-key graph', () => {
  let db: ConnectedTestDatabase;

  beforeAll(async () => {
    db = await connectTestDatabase({ prefix: 'dsr' });
    await db.client.query(SUBJECT_SCHEMA);
  });
  afterAll(() => db.drop());

  async function expectedFor(id: number): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const [table, sql] of Object.entries(EXPECTED)) {
      const keys = (await db.client.query<{ k: string }>(sql, [id])).rows.map((r) => r.k).sort();
      if (keys.length > 0) out[table] = keys;
    }
    return out;
  }

  async function exportOf(expression: string, format: 'json' | 'csv' = 'json') {
    const dir = join(mkdtempSync(join(tmpdir(), 'dsr-')), 'out');
    const manifest = await inSubjectSnapshot(db.client, async () => {
      const rows = await findSubjectRows(db.client, subjects, parseSubjectExpression(expression));
      return exportSubjectRows(db.client, rows, dir, { format, requestId: 'req-1' });
    });
    return { dir, manifest };
  }

  function exportedKeys(dir: string, manifest: AccessManifest): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const file of manifest.files) {
      const rows = JSON.parse(readFileSync(join(dir, file.file), 'utf8')) as Record<
        string,
        unknown
      >[];
      expect(rows).toHaveLength(file.rows);
      out[file.table] = rows.map((row) => keyOf(file.table, row)).sort();
    }
    return out;
  }

  it('plans exactly the rows the hand-written queries find, cycle and self-reference included', async () => {
    const counts = await inSubjectSnapshot(db.client, async () =>
      countSubjectRows(
        await findSubjectRows(db.client, subjects, parseSubjectExpression('app.Accounts.id=1')),
      ),
    );
    const expected = await expectedFor(1);
    expect(Object.fromEntries(counts.map((c) => [c.table, c.rows]))).toEqual(
      Object.fromEntries(Object.entries(expected).map(([t, keys]) => [t, keys.length])),
    );
    // The shared parent and the account 1 referred are other subjects' rows.
    expect(counts.map((c) => c.table)).not.toContain('app.orgs');
    expect(counts.find((c) => c.table === 'app."Accounts"')?.rows).toBe(1);
  });

  it.each([1, 2])(
    'exports exactly subject %i: shared parent, child and e-mail domain leak nothing',
    async (id) => {
      const { dir, manifest } = await exportOf(`app.Accounts.id=${id}`);
      expect(exportedKeys(dir, manifest)).toEqual(await expectedFor(id));
      expect(manifest.requestId).toBe('req-1');
      for (const file of manifest.files)
        expect(
          createHash('sha256')
            .update(readFileSync(join(dir, file.file)))
            .digest('hex'),
        ).toBe(file.sha256);
      const onDisk = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      expect(onDisk).toEqual(manifest);
    },
  );

  it('finds the subject by e-mail too, and JSON keeps the types', async () => {
    const { dir, manifest } = await exportOf('app.Accounts.Email=alice@example.com');
    expect(exportedKeys(dir, manifest)).toEqual(await expectedFor(1));
    const orders = JSON.parse(readFileSync(join(dir, 'app.orders.json'), 'utf8'));
    expect(orders[0]).toEqual({ id: 10, account_id: 1, note: 'a1', meta: { gift: true } });
  });

  it('writes CSV with a header and quoting', async () => {
    const { dir, manifest } = await exportOf('app.Accounts.id=1', 'csv');
    const notes = readFileSync(join(dir, 'app.line_notes.csv'), 'utf8');
    expect(notes.split('\r\n')[0]).toBe('id,order_id,line_no,body');
    expect(notes).toContain('"c, ""quoted"""');
    expect(notes).not.toContain('bob note');
    expect(manifest.files.find((f) => f.table === 'app.line_notes')?.rows).toBe(2);
  });

  async function refusal(expression: string, config = subjects): Promise<ConfitureError> {
    try {
      await inSubjectSnapshot(db.client, () =>
        findSubjectRows(db.client, config, parseSubjectExpression(expression)),
      );
    } catch (error) {
      if (isConfitureError(error)) return error;
      throw error;
    }
    throw new Error('expected a refusal');
  }

  it('refuses an unknown table or column, a value of the wrong type and a missing subject', async () => {
    const table = await refusal('app.Users.id=1');
    expect(table.code).toBe('INPUT_INVALID');
    expect(table.message).toContain('not the subject root');
    const column = await refusal('app.Accounts.phone=1');
    expect(column.message).toContain('not an identifier');
    const type = await refusal('app.Accounts.id=secret-value');
    expect(type.code).toBe('INPUT_INVALID');
    expect(type.message).toBe('--subject value is not a valid integer for app."Accounts".id');
    const missing = await refusal('app.Accounts.Email=nobody@example.com');
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).not.toContain('nobody');
    const badRoot = await refusal('app.Accounts.id=1', { ...subjects, root: 'app.accounts' });
    expect(badRoot.code).toBe('CONFIG_INVALID');
    expect(badRoot.location.path).toBe('subjects.root');
    const badMatch = await refusal('app.Accounts.id=1', {
      ...subjects,
      also_match: [{ table: 'app.audit_events', column: 'email', matches: 'Email' }],
    });
    expect(badMatch.location.path).toBe('subjects.also_match[0].column');
  });

  it('refuses to write into a non-empty directory', async () => {
    const { dir } = await exportOf('app.Accounts.id=1');
    await expect(
      inSubjectSnapshot(db.client, async () =>
        exportSubjectRows(
          db.client,
          await findSubjectRows(db.client, subjects, parseSubjectExpression('app.Accounts.id=1')),
          dir,
          { format: 'json' },
        ),
      ),
    ).rejects.toThrow('is not empty');
  });
});
