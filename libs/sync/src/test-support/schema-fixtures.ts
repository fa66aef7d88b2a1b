import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { quoteIdent, quoteQualified } from '@confiture/domain';
import type pg from 'pg';
import { readCatalog } from '../lib/catalog';
import { serverVersionNum } from '../lib/connection';
import { applySchema, copySequenceValues, readSchema } from '../lib/schema';

/** The SQL fixtures of this folder, by file name without `.sql`. */
export type SchemaFixture =
  'tricky-schema' | 'schema-edge-cases' | 'schema-edge-cases-pg18' | 'schema-edge-cases-data';

/** Runs fixture files, in order, in the database `client` is connected to. */
export async function loadFixtures(
  client: pg.ClientBase,
  fixtures: SchemaFixture[],
): Promise<void> {
  for (const fixture of fixtures) {
    await client.query(readFileSync(join(__dirname, `${fixture}.sql`), 'utf8'));
  }
}

/** Every schema fixture that the server of `client` can load (the PostgreSQL 18 one from 18). */
export async function allSchemaFixtures(client: pg.ClientBase): Promise<SchemaFixture[]> {
  return (await serverVersionNum(client)) >= 180000
    ? ['tricky-schema', 'schema-edge-cases', 'schema-edge-cases-pg18']
    : ['tricky-schema', 'schema-edge-cases'];
}

/**
 * Copies every row from `source` into the same tables of `target`, one INSERT per row through
 * JSON: a stand-in for the data engine in schema tests (small data only). Leaf tables only
 * (partitioned tables receive rows through their partitions); generated columns are recomputed.
 */
export async function copyRowsForTest(
  source: pg.ClientBase,
  target: pg.ClientBase,
): Promise<number> {
  const catalog = await readCatalog(source);
  let copied = 0;
  for (const table of catalog.tables) {
    if (table.kind === 'partitioned') continue;
    const name = quoteQualified(table.name);
    const columns = table.columns
      .filter((column) => !column.generated)
      .map((column) => quoteIdent(column.name))
      .join(', ');
    const { rows } = await source.query<{ row: string }>(
      `SELECT to_jsonb(t)::text AS row FROM ONLY ${name} t`,
    );
    for (const { row } of rows) {
      await target.query(
        `INSERT INTO ${name} (${columns}) OVERRIDING SYSTEM VALUE
         SELECT ${columns} FROM jsonb_populate_record(NULL::${name}, $1::jsonb)`,
        [row],
      );
      copied++;
    }
  }
  return copied;
}

/**
 * A whole copy the way the sync runs it: pre-data, rows ({@link copyRowsForTest}), post-data,
 * sequence values. Returns how many sequences were set.
 */
export async function copyDatabaseForTest(
  source: pg.ClientBase,
  target: pg.ClientBase,
): Promise<number> {
  const statements = await readSchema(source);
  await applySchema(
    target,
    statements.filter((s) => s.phase === 'pre-data'),
  );
  await copyRowsForTest(source, target);
  await applySchema(
    target,
    statements.filter((s) => s.phase === 'post-data'),
  );
  return copySequenceValues(source, target);
}
