import { resolveConnection } from '@confiture/domain';
import type pg from 'pg';
import { useDatabasePair } from '../../test-support/database-pair';
import { allSchemaFixtures, loadFixtures } from '../../test-support/schema-fixtures';
import { openConnection } from '../connection';
import { applySchema } from './apply-schema';
import { readSchema } from './read-schema';
import type { SchemaStatement } from './schema-statement';

describe('readSchema', () => {
  const pair = useDatabasePair();
  let source: pg.Client;
  let target: pg.Client;
  beforeEach(() => {
    ({ source, target } = pair);
  });

  it('recreates the tricky schema statement for statement', async () => {
    await loadFixtures(source, ['tricky-schema']);
    const statements = await readSchema(source);
    await applySchema(target, statements);
    expect(await readSchema(target)).toEqual(statements);
  });

  it('recreates every harder case statement for statement', async () => {
    await loadFixtures(source, await allSchemaFixtures(source));
    const statements = await readSchema(source);
    await applySchema(target, statements);
    expect(await readSchema(target)).toEqual(statements);
  });

  describe('on the harder cases', () => {
    let statements: SchemaStatement[];
    const at = (kind: string, object: string) => {
      const index = statements.findIndex((s) => s.kind === kind && s.object === object);
      if (index < 0) throw new Error(`no ${kind} ${object}`);
      return index;
    };
    beforeEach(async () => {
      await loadFixtures(source, await allSchemaFixtures(source));
      statements = await readSchema(source);
    });

    it('puts all pre-data first', () => {
      const firstPost = statements.findIndex((s) => s.phase === 'post-data');
      expect(statements.slice(firstPost).every((s) => s.phase === 'post-data')).toBe(true);
      expect(statements[0]).toMatchObject({ kind: 'schema', object: '"Sales.EU"' });
    });

    it('creates views after the views they read, whatever their names', () => {
      expect(at('view', 'reporting.z_base')).toBeLessThan(at('view', 'reporting.m_roots'));
      expect(at('view', 'reporting.m_roots')).toBeLessThan(at('view', 'reporting.a_top'));
      expect(at('view', 'reporting.a_top')).toBeLessThan(
        at('materialized-view', 'reporting.a_root_counts'),
      );
      expect(at('materialized-view', 'reporting.a_root_counts')).toBeLessThan(
        at('materialized-view', 'reporting.a_summary'),
      );
    });

    it('creates functions before what calls them and after the tables they need', () => {
      expect(at('function', 'reporting.is_valid_sku(sku text)')).toBeLessThan(
        at('type', 'reporting.sku'),
      );
      expect(at('function', 'reporting.next_code()')).toBeLessThan(at('table', '"Sales.EU".order'));
      expect(at('function', 'reporting.numeric_diff(a numeric, b numeric)')).toBeLessThan(
        at('type', 'reporting.amount_range'),
      );
      // A SQL-standard body and a row-type result need their table.
      expect(at('table', 'reporting.categories')).toBeLessThan(
        at('function', 'reporting.category_count()'),
      );
      expect(at('table', 'reporting.categories')).toBeLessThan(
        at('function', 'reporting.root_categories()'),
      );
    });

    it('creates partitions under their parents and sets serial ownership after the table', () => {
      expect(at('table', 'reporting.measurements')).toBeLessThan(
        at('partition', 'reporting.measurements_eu'),
      );
      expect(at('partition', 'reporting.measurements_eu')).toBeLessThan(
        at('partition', 'reporting.measurements_eu_2024'),
      );
      expect(at('table', '"Sales.EU".order')).toBeLessThan(
        at('sequence-owned-by', '"Sales.EU".order_id_seq'),
      );
    });

    it('creates keys before the foreign keys that reference them', () => {
      expect(at('primary-key', 'categories_pkey on reporting.categories')).toBeLessThan(
        at('foreign-key', 'categories_parent_id_fkey on reporting.categories'),
      );
      // A foreign key may reference a unique index that is no constraint.
      expect(at('index', 'reporting.products_sku_idx')).toBeLessThan(
        at('foreign-key', 'stock_sku_fkey on reporting.stock'),
      );
    });

    it('postpones a view that needs a primary key, as pg_dump does', () => {
      const view = statements[at('view', 'reporting.b_by_key')]!;
      expect(view.phase).toBe('post-data');
      expect(at('primary-key', 'categories_pkey on reporting.categories')).toBeLessThan(
        at('view', 'reporting.b_by_key'),
      );
    });

    it('attaches partition indexes under their own names', () => {
      expect(statements.map((s) => s.sql)).toEqual(
        expect.arrayContaining([
          'ALTER INDEX "reporting"."measurements_eu_taken_idx" ATTACH PARTITION "reporting"."custom_eu_2024_taken"',
          'ALTER INDEX "reporting"."measurements_pkey" ATTACH PARTITION "reporting"."measurements_eu_pkey"',
        ]),
      );
      expect(at('index', 'reporting.custom_eu_2024_taken')).toBeLessThan(
        at('index-attach', 'reporting.custom_eu_2024_taken to reporting.measurements_eu_taken_idx'),
      );
    });

    it('refreshes populated materialized views last, in dependency order', () => {
      const refreshes = statements.filter((s) => s.kind === 'refresh-materialized-view');
      expect(refreshes.map((s) => s.object)).toEqual([
        'reporting.a_root_counts',
        'reporting.a_summary',
      ]);
      expect(statements.slice(-2)).toEqual(refreshes);
    });

    it('adds NOT VALID constraints after the data', () => {
      expect(statements[at('check', 'price_positive on reporting.products')]).toMatchObject({
        phase: 'post-data',
        sql: 'ALTER TABLE "reporting"."products" ADD CONSTRAINT "price_positive" CHECK ((price > (0)::numeric)) NOT VALID',
      });
      expect(statements[at('check', 'positive on reporting.positive_int')]!.phase).toBe(
        'post-data',
      );
    });

    it('writes once what extensions, range types, partitions and identity columns create', () => {
      const sql = statements.map((s) => s.sql).join('\n');
      expect(sql).not.toMatch(/FUNCTION public\.citext/); // the extension's own functions
      expect(sql).not.toMatch(/FUNCTION reporting\.amount_range\(/); // the range constructors
      expect(sql).not.toMatch(/SEQUENCE "app"\."Accounts_id_seq"/); // comes with its column
      // The trigger is cloned to every partition, the foreign key likewise: one statement each.
      expect(
        statements.filter((s) => s.kind === 'trigger' && s.sql.includes('measurements')),
      ).toHaveLength(1);
      expect(statements.filter((s) => s.sql.includes('events_account_id_fkey'))).toHaveLength(1);
    });

    it('quotes every name it writes', () => {
      const sql = statements.map((s) => s.sql).join('\n');
      expect(sql).toContain('CREATE TABLE "Sales.EU"."line.items"');
      expect(sql).toContain('CREATE TABLE "reporting"."weird""name"');
      expect(sql).toContain(
        `CREATE TYPE "Sales.EU"."Status" AS ENUM ('new', 'it''s done', E'back\\\\slash', 'Ünïcödé')`,
      );
      expect(sql).toContain(
        `COMMENT ON COLUMN "Sales.EU"."order"."quoted""name" IS 'a "quoted" name'`,
      );
    });
  });

  it('leaves out Confiture’s own schema and the system schemas', async () => {
    await source.query(`
      CREATE SCHEMA confiture;
      CREATE TABLE confiture.checkpoints (id int PRIMARY KEY);
      CREATE TEMP TABLE scratch (id int);
      CREATE TABLE public.kept (id int);`);
    const statements = await readSchema(source);
    const sql = statements.map((s) => s.sql).join('\n');
    expect(sql).toContain('"public"."kept"');
    expect(sql).not.toMatch(/confiture|pg_temp|pg_toast|information_schema|scratch/);
  });

  it('reads in a read-only snapshot transaction and gives the session its settings back', async () => {
    await loadFixtures(source, ['tricky-schema']);
    const reader = await openConnection(resolveConnection(pair.sourceDb.url), { role: 'source' });
    try {
      await reader.query(`SET search_path = app, public`);
      await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      const statements = await readSchema(reader);
      await reader.query('COMMIT');
      expect(statements.length).toBeGreaterThan(30);
      const { rows } = await reader.query<{ path: string }>(
        `SELECT current_setting('search_path') AS path`,
      );
      expect(rows[0]!.path).toBe('app, public');
    } finally {
      await reader.end();
    }
  });
});
