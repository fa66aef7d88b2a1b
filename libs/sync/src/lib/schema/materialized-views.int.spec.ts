import { resolveConnection, resolveProfile } from '@confiture/domain';
import { strategyCatalog } from '@confiture/strategies';
import { useDatabasePair } from '../../test-support/database-pair';
import { runSync } from '../run/run-sync';

describe('materialized views in a sync', () => {
  const db = useDatabasePair();
  const sync = () =>
    runSync({
      source: resolveConnection(db.sourceDb.url),
      target: resolveConnection(db.targetDb.url),
      profile: resolveProfile({}, { catalog: strategyCatalog, name: 'no-rules' }),
      workers: 1,
      transformThreads: 0,
    });
  const populated = async () =>
    (
      await db.target.query<{ relname: string; relispopulated: boolean }>(
        `SELECT relname, relispopulated FROM pg_class WHERE relkind = 'm' ORDER BY relname`,
      )
    ).rows;

  it('keeps unpopulated the ones the source keeps unpopulated, even when a populated one reads them', async () => {
    // b was refreshed while a held rows, then a was emptied: refreshing b in the target needs a's
    // rows for a moment, and a must end unpopulated, as in the source.
    await db.source.query(`
      CREATE TABLE t (id int PRIMARY KEY);
      INSERT INTO t SELECT generate_series(1, 5);
      CREATE MATERIALIZED VIEW a AS SELECT id FROM t;
      CREATE VIEW a_even AS SELECT id FROM a WHERE id % 2 = 0;
      CREATE MATERIALIZED VIEW b AS SELECT count(*) AS n FROM a_even;
      CREATE MATERIALIZED VIEW c AS SELECT id FROM t WITH NO DATA;
      REFRESH MATERIALIZED VIEW a WITH NO DATA;`);
    const report = await sync();
    expect(report.status).toBe('completed');
    expect(await populated()).toEqual([
      { relname: 'a', relispopulated: false },
      { relname: 'b', relispopulated: true },
      { relname: 'c', relispopulated: false },
    ]);
    expect((await db.target.query('SELECT n FROM b')).rows).toEqual([{ n: '2' }]);
  });
});
