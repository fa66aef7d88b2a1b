import {
  isConfitureError,
  resolveConnection,
  resolveProfile,
  type ConfitureError,
  type Profile,
} from '@confiture/domain';
import { createTestDatabase, type TestDatabase } from '@confiture/pg-harness';
import { strategyCatalog } from '@confiture/strategies';
import pg from 'pg';
import { findCatalogPii } from './catalog-pii';
import { runGovernedSync } from './governed-sync';

/** Issue 14.10: PII outside the rows, each copied with exit 0 before. */
const SURFACES = `
  CREATE TYPE contact_kind AS ENUM ('email', 'jane.doe@example.com');
  CREATE TABLE people (
    id int PRIMARY KEY,
    kind contact_kind,
    doc bytea,
    owner text DEFAULT 'owner: bob.smith@example.com');
  COMMENT ON TABLE people IS 'Imported from the CRM of Marie Curie, call +1 415-555-0132';
  COMMENT ON COLUMN people.id IS 'Ask alice@example.org about this key';
  CREATE VIEW vip AS SELECT id FROM people WHERE owner <> 'carol@example.net';
  CREATE FUNCTION who() RETURNS text LANGUAGE sql STABLE AS $$SELECT 'dave@example.com'::text$$;
  CREATE TABLE "backup_erin@example.com" (id int);
  INSERT INTO people (id, kind, doc)
  SELECT g, 'email', convert_to('Invoice for frank' || g || '@example.com, thanks', 'UTF8')
    FROM generate_series(1, 20) g;`;

const CLEAN = `
  CREATE TYPE status AS ENUM ('active', 'closed');
  CREATE TABLE accounts (id int PRIMARY KEY, state status DEFAULT 'active', host inet DEFAULT '10.0.0.1');
  COMMENT ON TABLE accounts IS 'One row per account; see the wiki for the billing rules';
  CREATE VIEW open_accounts AS SELECT id FROM accounts WHERE state = 'active' AND host <> '127.0.0.1';
  CREATE FUNCTION bump(n int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$BEGIN RETURN n + 1; END$$;
  CREATE FUNCTION sender() RETURNS text LANGUAGE sql IMMUTABLE AS $$SELECT 'noreply@shop.example'::text$$;`;

describe('PII in the schema itself', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let client: pg.Client;
  beforeEach(async () => {
    source = await createTestDatabase({ prefix: 'catalog_pii_src' });
    target = await createTestDatabase({ prefix: 'catalog_pii_dst' });
    client = new pg.Client({ connectionString: source.url });
    await client.connect();
  });
  afterEach(async () => {
    await client.end();
    await Promise.all([source.drop(), target.drop()]);
  });

  it('finds it in comments, enum labels, defaults, views, functions and names, never quoting it', async () => {
    await client.query(SURFACES);
    const findings = await findCatalogPii(client);
    const where = findings.map((f) => `${f.surface} ${f.object}: ${f.kinds.join(',')}`).sort();
    expect(where).toEqual([
      'column default public.people.owner: email',
      'comment public.people.id: email',
      'comment public.people: person_name,phone',
      'enum label public.contact_kind: email',
      'function body public.who(): email',
      expect.stringMatching(/^object name relation \(oid \d+: SELECT \d+::regclass\): email$/),
      'view definition public.vip: email',
    ]);
    expect(JSON.stringify(findings)).not.toMatch(/@example|Curie|555/);
  });

  it('reports nothing on an ordinary schema (IP addresses in code are configuration)', async () => {
    await client.query(CLEAN);
    expect(await findCatalogPii(client)).toEqual([]);
  });

  const profile = (onUnmapped: 'fail' | 'warn'): Profile =>
    resolveProfile(
      {
        global: { on_unmapped_pii: onUnmapped },
        tables: {
          people: [
            { column: 'doc', strategy: 'redact' },
            { column: 'owner', strategy: 'redact' },
          ],
        },
        exclude_tables: ['public."backup_erin@example.com"'],
      },
      { catalog: strategyCatalog, name: 'catalog-test' },
    );
  const sync = (p: Profile) =>
    runGovernedSync({
      source: resolveConnection(source.url),
      target: resolveConnection(target.url),
      profile: p,
      env: {},
      confirmOverwrite: async () => true,
    });

  it('under on_unmapped_pii: fail, refuses before writing, naming each object', async () => {
    await client.query(SURFACES);
    const error = (await sync(profile('fail')).then(
      () => undefined,
      (e: unknown) => e,
    )) as ConfitureError;
    expect(isConfitureError(error)).toBe(true);
    expect(error.code).toBe('PII_UNMAPPED');
    expect(error.message).toContain("personal data in the source's schema itself");
    expect(error.message).toContain('enum label of public.contact_kind holds email');
    expect(error.message).toContain('function body of public.who() holds email');
    expect(error.message).not.toMatch(/@example|Curie/);
    const t = new pg.Client({ connectionString: target.url });
    await t.connect();
    const tables = await t.query(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`,
    );
    await t.end();
    expect(tables.rows[0].n).toBe(0);
  });

  it('flags text inside a bytea column as a PII column needing a rule', async () => {
    await client.query(`CREATE TABLE files (id int PRIMARY KEY, body bytea);
      INSERT INTO files SELECT g, convert_to('Dear grace' || g || '@example.com', 'UTF8') FROM generate_series(1, 20) g;`);
    const error = (await sync(
      resolveProfile({ tables: {} }, { catalog: strategyCatalog, name: 'p' }),
    ).then(
      () => undefined,
      (e: unknown) => e,
    )) as ConfitureError;
    expect(error.code).toBe('PII_UNMAPPED');
    expect(error.message).toContain('public.files.body');
  });

  it('under warn, copies code as is with a warning, and replaces PII comments in the target', async () => {
    await client.query(SURFACES);
    const { report } = await sync(profile('warn'));
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        'enum label of public.contact_kind holds email: copied as is (on_unmapped_pii: warn)',
        'comment on table public.people holds person name, phone: the comment is replaced in the target',
      ]),
    );
    const t = new pg.Client({ connectionString: target.url });
    await t.connect();
    const comments = await t.query(
      `SELECT obj_description('public.people'::regclass, 'pg_class') AS t, col_description('public.people'::regclass, 1) AS c`,
    );
    await t.end();
    expect(comments.rows[0]).toEqual({
      t: 'comment removed by Confiture: it held person name, phone',
      c: 'comment removed by Confiture: it held email',
    });
    expect(report.verification?.checks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'catalog-comments', status: 'passed' }),
      ]),
    );
  });
});
