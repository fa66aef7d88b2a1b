import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectTestDatabase, type ConnectedTestDatabase } from '@confiture/pg-harness';
import { runCli } from '../../test-support/run-cli';

const SCHEMA = `
  CREATE SCHEMA app;
  CREATE TABLE app."Accounts" (id int PRIMARY KEY, "Email" text UNIQUE);
  CREATE TABLE app.orders (id int PRIMARY KEY, account_id int REFERENCES app."Accounts", note text);
  CREATE TABLE app.audit_events (id int PRIMARY KEY, actor_email text);
  INSERT INTO app."Accounts" VALUES (1, 'alice@example.com'), (2, 'bob@example.com');
  INSERT INTO app.orders VALUES (10, 1, 'a'), (11, 1, 'b'), (20, 2, 'c');
  INSERT INTO app.audit_events VALUES (1, 'alice@example.com'), (2, 'bob@example.com');`;

const CONFIG = `controller: { name: Acme, contact: privacy@acme.example }
subjects:
  root: app.Accounts
  identifiers: [id, Email]
  also_match:
    - { table: app.audit_events, column: actor_email, matches: Email }
`;

describe('confiture dsr plan / access', () => {
  let db: ConnectedTestDatabase;
  let dir: string;
  const cli = (args: string[]) => runCli([...args, '--env', db.url], {}, { cwd: dir });

  beforeAll(async () => {
    db = await connectTestDatabase({ prefix: 'dsrcli' });
    await db.client.query(SCHEMA);
    dir = mkdtempSync(join(tmpdir(), 'dsr-cli-'));
    writeFileSync(join(dir, 'compliance.yaml'), CONFIG);
  });
  afterAll(() => db.drop());

  it('plans the rows per table as JSON and writes nothing', async () => {
    const run = await cli([
      'dsr',
      'plan',
      '--subject',
      'app.Accounts.Email=alice@example.com',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      root: 'app.Accounts',
      tables: [
        { table: 'app."Accounts"', rows: 1 },
        { table: 'app.audit_events', rows: 1 },
        { table: 'app.orders', rows: 2 },
      ],
      totalRows: 4,
    });
    expect(run.stdout + run.stderr).not.toContain('alice');
  });

  it('exports one file per table and a manifest, with no other subject', async () => {
    const out = join(dir, 'export-1');
    const run = await cli([
      'dsr',
      'access',
      '--subject',
      'app.Accounts.id=1',
      '--output',
      out,
      '--format',
      'csv',
    ]);
    expect(run.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.files.map((f: { file: string }) => f.file)).toEqual([
      'app.Accounts.csv',
      'app.audit_events.csv',
      'app.orders.csv',
    ]);
    expect(readFileSync(join(out, 'app.orders.csv'), 'utf8')).toBe(
      'id,account_id,note\r\n10,1,a\r\n11,1,b\r\n',
    );
    expect(readFileSync(join(out, 'app.audit_events.csv'), 'utf8')).not.toContain('bob');
  });

  it.each([
    [['--subject', 'app.Accounts.id=abc'], 2, 'is not a valid integer'],
    [['--subject', 'app.Nope.id=1'], 2, 'not the subject root'],
    [['--subject', 'app.Accounts.id=99'], 1, 'no data subject'],
    [['--subject', 'garbage'], 2, 'invalid --subject'],
  ])('refuses %j in one line, exit %i', async (flags, code, message) => {
    const run = await cli(['dsr', 'plan', ...flags]);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });
});
