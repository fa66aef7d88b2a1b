import type pg from 'pg';
import { useDatabasePair } from '../../test-support/database-pair';
import { loadFixtures } from '../../test-support/schema-fixtures';
import { dropUserSchemas } from './drop-user-schemas';
import { readSchema } from './read-schema';

describe('dropUserSchemas', () => {
  // The target is emptied; the other database stays new, for comparison.
  const pair = useDatabasePair();
  let client: pg.Client;
  let freshClient: pg.Client;
  beforeEach(() => {
    ({ target: client, source: freshClient } = pair);
  });

  it('leaves the target as a new database, but for Confiture’s bookkeeping', async () => {
    await loadFixtures(client, ['tricky-schema', 'schema-edge-cases']);
    await client.query(`CREATE SCHEMA confiture; CREATE TABLE confiture.runs (id int)`);
    await client.query(`INSERT INTO confiture.runs VALUES (1)`);

    await dropUserSchemas(client);

    expect(await readSchema(client)).toEqual(await readSchema(freshClient));
    const extensions = await client.query(`SELECT extname FROM pg_extension ORDER BY 1`);
    expect(extensions.rows).toEqual([{ extname: 'plpgsql' }]);
    const kept = await client.query(`SELECT id FROM confiture.runs`);
    expect(kept.rows).toEqual([{ id: 1 }]);
    // public is usable again, with the privileges a new database gives it.
    const acl = async (c: pg.Client) =>
      (
        await c.query(
          `SELECT nspacl::text AS acl, pg_get_userbyid(nspowner) AS owner
             FROM pg_namespace WHERE nspname = 'public'`,
        )
      ).rows[0];
    expect(await acl(client)).toEqual(await acl(freshClient));
    await client.query('CREATE TABLE public.again (id int)');
  });
});
