import type { ResolvedRule } from '@confiture/domain';
import type { CatalogColumn } from '../catalog';
import type { PlannedColumn, TablePlan } from '../plan/plan';
import { chunkSelect, copyFormat } from './source-select';

function column(name: string, options: { binaryCopy?: boolean; rule?: string; sql?: string } = {}) {
  const planned: PlannedColumn = {
    name,
    catalog: { name, binaryCopy: options.binaryCopy ?? true } as CatalogColumn,
    ...(options.rule ? { rule: { type: options.rule } as ResolvedRule } : {}),
    ...(options.sql ? { sql: options.sql } : {}),
  };
  return planned;
}

const table = (...columns: PlannedColumn[]) => ({ columns }) as TablePlan;

describe('copyFormat', () => {
  it('copies untouched rows in binary between servers of the same major version', () => {
    expect(copyFormat(table(column('id'), column('note')), true)).toBe('binary');
    expect(copyFormat(table(column('id'), column('note')), false)).toBe('text');
  });

  it('keeps text when a column type lacks built-in binary I/O', () => {
    expect(copyFormat(table(column('id'), column('mood', { binaryCopy: false })), true)).toBe(
      'text',
    );
  });

  it('keeps text when a strategy rewrites a column here, not for SQL strategies or preserve', () => {
    expect(copyFormat(table(column('id'), column('email', { rule: 'email' })), true)).toBe('text');
    expect(copyFormat(table(column('id'), column('note', { rule: 'preserve' })), true)).toBe(
      'binary',
    );
    const sql = column('total', { rule: 'aggregate', sql: 'avg(total) OVER ()' });
    expect(copyFormat(table(column('id'), sql), true)).toBe('binary');
  });
});

describe('chunkSelect with a sample', () => {
  const sampled = (sample: TablePlan['sample']) =>
    ({
      name: { schema: 'app', name: 'orders' },
      columns: [column('id'), column('region')],
      chunkKey: 'id',
      sample,
    }) as TablePlan;

  it('keeps a row of every stratum, and the latest rows by the time column', () => {
    const stratified = chunkSelect(
      sampled({ rate: 0.25, method: 'stratified', stratifyBy: 'region' }),
      { index: 0 },
    );
    expect(stratified).toContain(
      'ARRAY(SELECT DISTINCT ON ("region") ctid FROM ONLY "app"."orders" ORDER BY "region", ctid)',
    );
    const latest = chunkSelect(sampled({ rate: 0.25, method: 'time', timeColumn: 'at' }), {
      index: 0,
    });
    expect(latest).toContain(
      't."at" >= (SELECT percentile_disc(0.75) WITHIN GROUP (ORDER BY "at") FROM ONLY "app"."orders")',
    );
    expect(chunkSelect(sampled({ rate: 0.25, method: 'random' }), { index: 0 })).toContain(
      '(hashtextextended(t."id"::text, 0) & 9223372036854775807)::float8 / 9223372036854775807 < 0.25',
    );
  });
});
