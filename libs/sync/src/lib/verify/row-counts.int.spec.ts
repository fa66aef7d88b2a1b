import { resolveProfile } from '@confiture/domain';
import { strategyCatalog } from '@confiture/strategies';
import { useDatabasePair } from '../../test-support/database-pair';
import { readCatalog } from '../catalog';
import { planSync, type SyncPlan } from '../plan/plan';
import { checkRowCounts } from './row-counts';

const SCHEMA = `
  CREATE TABLE users (id int PRIMARY KEY);
  CREATE TABLE orders (id int PRIMARY KEY);
  CREATE TABLE logs (id int PRIMARY KEY);`;

describe('checkRowCounts', () => {
  const db = useDatabasePair();
  let plan: SyncPlan;

  beforeEach(async () => {
    await db.source.query(`${SCHEMA}
      INSERT INTO users SELECT generate_series(1, 10);
      INSERT INTO orders SELECT generate_series(1, 10);
      INSERT INTO logs SELECT generate_series(1, 10);`);
    await db.target.query(`${SCHEMA}
      INSERT INTO users SELECT generate_series(1, 9);
      INSERT INTO orders SELECT generate_series(1, 4);`);
    const profile = resolveProfile(
      { tables: { orders: { filter: 'id <= 4' } }, exclude_tables: ['logs'] },
      { catalog: strategyCatalog },
    );
    plan = planSync(profile, await readCatalog(db.source));
  });
  const written = (users: number, orphans = 0) =>
    new Map([
      ['public.users', { copiedRows: users, orphansDropped: orphans }],
      ['public.orders', { copiedRows: 4, orphansDropped: 0 }],
      ['public.logs', { copiedRows: 0, orphansDropped: 0 }],
    ]);
  const summary = (checks: { table?: string }[]) => checks.filter((c) => !c.table);
  const perTable = (checks: { table?: string }[]) => checks.filter((c) => c.table);

  it('inside a sync, fails a table whose target rows are not what the sync wrote', async () => {
    const { checks, rows } = await checkRowCounts(db.source, db.target, plan, {
      reading: 'snapshot',
      written: written(10, 0),
    });
    expect(perTable(checks)).toEqual([
      {
        name: 'row-counts',
        status: 'failed',
        table: 'public.users',
        count: 1,
        detail: 'public.users has 9 rows; the sync wrote 10',
      },
    ]);
    expect(summary(checks)).toEqual([
      {
        name: 'row-counts',
        status: 'failed',
        detail: '2 of 3 tables have the expected number of rows',
      },
    ]);
    expect(rows).toEqual(
      new Map([
        ['public.logs', 0],
        ['public.orders', 4],
        ['public.users', 9],
      ]),
    );
  });

  it('compares unfiltered tables with the source: in the snapshot a difference fails, resumed it warns', async () => {
    const snapshot = await checkRowCounts(db.source, db.target, plan, {
      reading: 'snapshot',
      written: written(9),
    });
    expect(perTable(snapshot.checks)).toEqual([
      expect.objectContaining({
        status: 'failed',
        table: 'public.users',
        count: 1,
        detail: 'public.users: the source has 10 rows in the snapshot, 9 were copied',
      }),
    ]);
    const resumed = await checkRowCounts(db.source, db.target, plan, {
      reading: 'resumed',
      written: written(9),
    });
    expect(perTable(resumed.checks)).toEqual([
      expect.objectContaining({ status: 'warning', table: 'public.users', count: 1 }),
    ]);
    expect(summary(resumed.checks)).toEqual([
      expect.objectContaining({
        status: 'warning',
        detail: '2 of 3 tables have the expected number of rows',
      }),
    ]);
  });

  it('on its own (reading the source now), fewer rows warn, more rows, rows of an excluded table and a missing table fail', async () => {
    const fewer = await checkRowCounts(db.source, db.target, plan, { reading: 'now' });
    expect(fewer.checks).toEqual([
      {
        name: 'row-counts',
        status: 'warning',
        detail: '2 of 3 tables have the expected number of rows',
      },
      {
        name: 'row-counts',
        status: 'warning',
        table: 'public.users',
        count: 1,
        detail:
          'public.users: the source has 10 rows now, the target 9 (the source may have changed since the sync)',
      },
    ]);
    await db.target.query('INSERT INTO users VALUES (98), (99); INSERT INTO logs VALUES (1)');
    const more = await checkRowCounts(db.source, db.target, plan, {
      reading: 'now',
      inTarget: new Set(['public.users', 'public.logs']),
    });
    expect(more.checks.map((c) => [c.status, c.table, c.detail])).toEqual([
      ['failed', undefined, '0 of 3 tables have the expected number of rows'],
      [
        'failed',
        'public.logs',
        'public.logs is excluded by the profile but has 1 rows in the target',
      ],
      ['failed', 'public.orders', 'public.orders is missing in the target'],
      ['failed', 'public.users', 'public.users: the source has 10 rows now, the target 11'],
    ]);
  });

  it('counts a filtered table against the rows of the source its filter matches', async () => {
    // Rows the filter does not match reached the target (as an injected filter once did).
    await db.target.query('INSERT INTO orders VALUES (7), (8)');
    const inSync = await checkRowCounts(db.source, db.target, plan, {
      reading: 'snapshot',
      written: new Map([
        ['public.users', { copiedRows: 9, orphansDropped: 0 }],
        ['public.orders', { copiedRows: 6, orphansDropped: 0 }],
        ['public.logs', { copiedRows: 0, orphansDropped: 0 }],
      ]),
    });
    expect(perTable(inSync.checks)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          status: 'failed',
          table: 'public.orders',
          detail:
            'public.orders: the source has 4 rows matching its filter in the snapshot, 6 were copied',
        }),
      ]),
    );
  });
});
