import type { ResolvedRule } from '@confiture/domain';
import type { CatalogColumn } from '../catalog';
import type { PlannedColumn, TablePlan } from '../plan/plan';
import { copyFormat } from './source-select';

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
