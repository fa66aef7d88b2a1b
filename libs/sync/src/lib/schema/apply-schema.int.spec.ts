import { ConfitureError } from '@confiture/domain';
import type pg from 'pg';
import { useDatabasePair } from '../../test-support/database-pair';
import { copyDatabaseForTest, loadFixtures } from '../../test-support/schema-fixtures';
import { applySchema } from './apply-schema';
import { readSchema } from './read-schema';
import type { SchemaStatement } from './schema-statement';

describe('applySchema', () => {
  const pair = useDatabasePair();
  let source: pg.Client;
  let target: pg.Client;
  beforeEach(() => {
    ({ source, target } = pair);
  });

  describe('around a data copy, as the sync does', () => {
    const one = async <T>(sql: string, values?: unknown[]) =>
      (await target.query(sql, values)).rows[0] as T;
    beforeEach(async () => {
      await loadFixtures(source, ['tricky-schema', 'schema-edge-cases', 'schema-edge-cases-data']);
      await copyDatabaseForTest(source, target);
    });

    it('keeps identity, serial and plain sequences going where the source stopped', async () => {
      const account = await one<{ id: string }>(
        `INSERT INTO app."Accounts" ("Email") VALUES ('new@example.com') RETURNING id`,
      );
      expect(account.id).toBe('3');
      const order = await one<{ id: number; code: string }>(
        `INSERT INTO "Sales.EU"."order" (qty) VALUES (1) RETURNING id, code`,
      );
      // code_seq starts at 10 and steps by 5; with CACHE 3 the source session took 10, 15, 20.
      expect(order).toEqual({ id: 3, code: 'C-25' });
      const measurement = await one<{ id: string }>(
        `INSERT INTO reporting.measurements (region, taken_at) VALUES ('us', now()) RETURNING id`,
      );
      expect(measurement.id).toBe('130');
    });

    it('fires triggers and answers views and materialized views', async () => {
      await target.query(`UPDATE app.invoices SET amount = 11 WHERE number = 1000`);
      const invoice = await one<{ updated: boolean }>(
        `SELECT updated_at IS NOT NULL AS updated FROM app.invoices WHERE number = 1000`,
      );
      expect(invoice.updated).toBe(true);
      // The partitioned table's row trigger fills in a missing value.
      const measured = await one<{ value: string }>(
        `SELECT value::text FROM reporting.measurements WHERE region = 'uk'`,
      );
      expect(measured.value).toBe('0');
      const totals = await target.query(
        `SELECT "Email", total::text FROM app.account_totals ORDER BY id`,
      );
      expect(totals.rows).toEqual([
        { Email: 'ann@example.com', total: '13.50' },
        { Email: 'bob@example.com', total: '7.00' },
      ]);
      const roots = await target.query(
        `SELECT id, children::int FROM reporting.a_root_counts ORDER BY id`,
      );
      expect(roots.rows).toEqual([
        { id: 1, children: 1 },
        { id: 3, children: 0 },
      ]);
      await expect(target.query('SELECT * FROM reporting.never_filled')).rejects.toThrow(
        /has not been populated/,
      );
    });

    it('enforces keys, foreign keys, exclusion and check constraints', async () => {
      await expect(
        target.query(`INSERT INTO app.invoices (account_id, amount) VALUES (99, 1)`),
      ).rejects.toMatchObject({ code: '23503' });
      await expect(
        target.query(`INSERT INTO app."Accounts" ("Email") VALUES ('ann@example.com')`),
      ).rejects.toMatchObject({ code: '23505' });
      await target.query(`INSERT INTO reporting.bookings VALUES (-1, '[2024-01-01,2024-01-03)')`);
      await expect(
        target.query(`INSERT INTO reporting.bookings VALUES (-2, '[2024-01-02,2024-01-04)')`),
      ).rejects.toMatchObject({ code: '23P01' });
      await expect(
        target.query(`INSERT INTO reporting.products (sku, price) VALUES ('XYZ-9', -1)`),
      ).rejects.toMatchObject({ code: '23514' });
      // Deferrable: a child may come before its parent within a transaction.
      await target.query('BEGIN');
      await target.query(`INSERT INTO reporting.categories VALUES (11, 10, 'early child')`);
      await target.query(`INSERT INTO reporting.categories VALUES (10, NULL, 'late parent')`);
      await target.query('COMMIT');
    });

    it('enforces row-level security on the table owner when the source forces it', async () => {
      await target.query(`CREATE ROLE confiture_schema_test_reader`).catch(() => undefined);
      try {
        await target.query(`GRANT USAGE ON SCHEMA reporting TO confiture_schema_test_reader`);
        await target.query(`GRANT SELECT ON reporting.notes TO confiture_schema_test_reader`);
        await target.query(`INSERT INTO reporting.notes VALUES (5, 'secret')`);
        await target.query('SET ROLE confiture_schema_test_reader');
        const { rows } = await target.query(`SELECT id FROM ONLY reporting.notes ORDER BY id`);
        expect(rows).toEqual([{ id: 1 }]);
      } finally {
        await target.query('RESET ROLE');
        await target.query(`REVOKE ALL ON SCHEMA reporting FROM confiture_schema_test_reader`);
        await target.query(`REVOKE ALL ON reporting.notes FROM confiture_schema_test_reader`);
        await target.query(`DROP ROLE confiture_schema_test_reader`);
      }
    });
  });

  it('reports each statement before running it', async () => {
    await loadFixtures(source, ['tricky-schema']);
    const statements = await readSchema(source);
    const seen: number[] = [];
    await applySchema(target, statements, { onStatement: (_, index) => seen.push(index) });
    expect(seen).toEqual(statements.map((_, index) => index));
  });

  it('stops at a failing statement, naming the object and quoting PostgreSQL', async () => {
    await loadFixtures(source, ['tricky-schema']);
    const statements = await readSchema(source);
    await applySchema(target, statements);
    // Schemas and extensions are created IF NOT EXISTS; the first type is not.
    const failure = await applySchema(target, statements).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfitureError);
    expect(failure).toMatchObject({
      code: 'SYNC_FAILED',
      message:
        'cannot create type app.email_address on the target: type "email_address" already exists',
      hint: expect.stringContaining('The target already has this object'),
    });
  });

  it('tells what to do when the target lacks an extension or a role', async () => {
    const extension: SchemaStatement = {
      phase: 'pre-data',
      kind: 'extension',
      object: 'no_such_thing',
      sql: 'CREATE EXTENSION IF NOT EXISTS "no_such_thing" WITH SCHEMA "public"',
    };
    await expect(applySchema(target, [extension])).rejects.toMatchObject({
      code: 'SYNC_FAILED',
      message: expect.stringContaining('cannot create extension no_such_thing on the target: '),
      hint: expect.stringContaining('Install the extension on the target server'),
    });
    await target.query('CREATE TABLE t (id int)');
    const policy: SchemaStatement = {
      phase: 'post-data',
      kind: 'policy',
      object: 'p on public.t',
      table: { schema: 'public', name: 't' },
      sql: 'CREATE POLICY "p" ON "public"."t" AS PERMISSIVE FOR ALL TO "no_such_role" USING (true)',
    };
    const failure = await applySchema(target, [policy]).catch((error: unknown) => error);
    expect(failure).toMatchObject({
      message:
        'cannot create policy p on public.t on the target: role "no_such_role" does not exist',
      hint: expect.stringContaining('create the role on the target first'),
      location: { table: 'public.t' },
    });
  });

  it('gives the target session its settings back', async () => {
    await applySchema(target, [
      { phase: 'pre-data', kind: 'schema', object: 's', sql: 'CREATE SCHEMA "s"' },
    ]);
    const { rows } = await target.query<{ bodies: string; path: string }>(
      `SELECT current_setting('check_function_bodies') AS bodies, current_setting('search_path') AS path`,
    );
    expect(rows[0]).toEqual({ bodies: 'on', path: '"$user", public' });
  });
});
