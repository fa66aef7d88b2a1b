import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectTestDatabase, type ConnectedTestDatabase } from '@confiture/pg-harness';
import pg from 'pg';
import { findTable, isUniqueColumn, readCatalog } from './catalog';

describe('readCatalog', () => {
  let db: ConnectedTestDatabase;
  let client: pg.Client;
  beforeEach(async () => {
    db = await connectTestDatabase();
    client = db.client;
    await client.query(readFileSync(join(__dirname, '../test-support/tricky-schema.sql'), 'utf8'));
  });
  afterEach(async () => {
    await db.drop();
  });

  it('describes columns with their types, categories and flags', async () => {
    const catalog = await readCatalog(client);
    const accounts = findTable(catalog, { schema: 'app', name: 'Accounts' })!;
    expect(accounts.comment).toBe('Customer accounts');
    const column = (name: string) => accounts.columns.find((c) => c.name === name)!;
    expect(column('id')).toMatchObject({ category: 'integer', identity: 'always', notNull: true });
    expect(column('Email')).toMatchObject({
      type: 'app.email_address',
      category: 'text',
      comment: 'primary e-mail',
    });
    expect(column('order')).toMatchObject({ category: 'integer', hasDefault: true });
    expect(column('full_name')).toMatchObject({ type: 'character varying(80)', maxLength: 80 });
    expect(column('mood')).toMatchObject({ category: 'enum', type: 'app.mood' });
    expect(column('tags')).toMatchObject({ category: 'text', isArray: true, type: 'text[]' });
    expect(column('profile').category).toBe('jsonb');
    expect(column('avatar').category).toBe('bytea');
    expect(column('login_ip').category).toBe('inet');
    expect(column('nickname').category).toBe('text');
    expect(column('name_upper').generated).toBe(true);
    expect(column('created_at').category).toBe('timestamptz');
    // Binary COPY only for built-in types with binary I/O: not a domain or an enum of the schema.
    expect(
      Object.fromEntries(
        ['id', 'Email', 'mood', 'tags', 'profile', 'avatar'].map((n) => [n, column(n).binaryCopy]),
      ),
    ).toEqual({ id: true, Email: false, mood: false, tags: true, profile: true, avatar: true });
  });

  it('keeps a column out of binary COPY when its array elements have no binary I/O', async () => {
    await client.query('CREATE TABLE app.grants (id int PRIMARY KEY, acl aclitem[], ok int[])');
    const grants = findTable(await readCatalog(client), { schema: 'app', name: 'grants' })!;
    expect(Object.fromEntries(grants.columns.map((c) => [c.name, c.binaryCopy]))).toEqual({
      id: true,
      acl: false,
      ok: true,
    });
  });

  it('finds primary, unique and foreign keys, including self-references and composite keys', async () => {
    const catalog = await readCatalog(client);
    const accounts = findTable(catalog, { schema: 'app', name: 'Accounts' })!;
    expect(accounts.primaryKey).toEqual(['id']);
    expect(isUniqueColumn(accounts, 'Email')).toBe(true);
    expect(isUniqueColumn(accounts, 'phone')).toBe(false);
    const employees = findTable(catalog, { schema: 'app', name: 'employees' })!;
    expect(employees.foreignKeys).toEqual([
      expect.objectContaining({
        columns: ['manager_id'],
        references: { schema: 'app', name: 'employees' },
      }),
    ]);
    const roles = findTable(catalog, { schema: 'app', name: 'account_roles' })!;
    expect(roles.primaryKey).toEqual(['account_id', 'role']);
    expect(roles.foreignKeys[0]).toMatchObject({
      references: { schema: 'app', name: 'Accounts' },
      referencedColumns: ['id'],
    });
    expect(
      findTable(catalog, { schema: 'public', name: 'audit_trail' })!.primaryKey,
    ).toBeUndefined();
  });

  it('marks partitioned tables and their partitions', async () => {
    const catalog = await readCatalog(client);
    expect(findTable(catalog, { schema: 'app', name: 'events' })!.kind).toBe('partitioned');
    const partition = findTable(catalog, { schema: 'app', name: 'events_2024' })!;
    expect(partition.kind).toBe('partition');
    expect(partition.parent).toEqual({ schema: 'app', name: 'events' });
    // Foreign keys are reported once, on the partitioned table.
    expect(partition.foreignKeys).toEqual([]);
    expect(findTable(catalog, { schema: 'app', name: 'events' })!.foreignKeys).toHaveLength(1);
  });

  it('skips views, extension tables and system schemas', async () => {
    const catalog = await readCatalog(client);
    const names = catalog.tables.map((t) => `${t.name.schema}.${t.name.name}`);
    expect(names).toEqual([
      'app.Accounts',
      'app.account_roles',
      'app.employees',
      'app.events',
      'app.events_2024',
      'app.events_2025',
      'app.invoices',
      'public.audit_trail',
    ]);
    expect(catalog.serverVersion).toBeGreaterThanOrEqual(150000);
  });
});
