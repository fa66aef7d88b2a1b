import type pg from 'pg';
import { useDatabasePair } from '../../test-support/database-pair';
import { applySchema } from './apply-schema';
import { copySequenceValues } from './copy-sequence-values';
import { readSchema } from './read-schema';

describe('copySequenceValues', () => {
  const pair = useDatabasePair();
  let source: pg.Client;
  let target: pg.Client;
  beforeEach(() => {
    ({ source, target } = pair);
  });

  const positions = async (client: pg.Client) =>
    (
      await client.query(`
        SELECT 'plain' AS seq, last_value::text, is_called FROM "odd.schema"."Plain"
        UNION ALL SELECT 'serial', last_value::text, is_called FROM "odd.schema".t_id_seq
        UNION ALL SELECT 'identity', last_value::text, is_called FROM "odd.schema".t_ident_seq
        UNION ALL SELECT 'unused', last_value::text, is_called FROM "odd.schema".unused
        ORDER BY 1`)
    ).rows;

  it('sets plain, serial and identity sequences to where the source is', async () => {
    await source.query(`
      CREATE SCHEMA "odd.schema";
      CREATE SEQUENCE "odd.schema"."Plain" START 5000000000;
      CREATE SEQUENCE "odd.schema".unused START 7;
      CREATE TABLE "odd.schema".t (id serial, ident int GENERATED ALWAYS AS IDENTITY);
      INSERT INTO "odd.schema".t SELECT FROM generate_series(1, 3);
      SELECT nextval('"odd.schema"."Plain"');`);
    await applySchema(target, await readSchema(source));

    expect(await copySequenceValues(source, target)).toBe(4);
    expect(await positions(target)).toEqual(await positions(source));
    expect(await positions(target)).toEqual([
      { seq: 'identity', last_value: '3', is_called: true },
      { seq: 'plain', last_value: '5000000000', is_called: true },
      { seq: 'serial', last_value: '3', is_called: true },
      { seq: 'unused', last_value: '7', is_called: false },
    ]);
    const next = await target.query(
      `INSERT INTO "odd.schema".t DEFAULT VALUES RETURNING id, ident`,
    );
    expect(next.rows).toEqual([{ id: 4, ident: 4 }]);
  });

  it('skips sequences the target does not have', async () => {
    await source.query(`CREATE SEQUENCE only_here; CREATE SEQUENCE both_sides;`);
    await target.query(`CREATE SEQUENCE both_sides`);
    await source.query(`SELECT nextval('both_sides'), nextval('both_sides')`);
    expect(await copySequenceValues(source, target)).toBe(1);
    const { rows } = await target.query(`SELECT last_value::int FROM both_sides`);
    expect(rows).toEqual([{ last_value: 2 }]);
  });

  it('returns 0 when there is no sequence', async () => {
    expect(await copySequenceValues(source, target)).toBe(0);
  });
});
