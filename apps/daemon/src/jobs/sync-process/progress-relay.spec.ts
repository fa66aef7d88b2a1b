import type { SyncEvent } from '@confiture/domain';
import { progressRelay } from './progress-relay';

describe('progressRelay', () => {
  const rows = (table: string, n: number, total: number): SyncEvent => ({
    type: 'rows-copied',
    table,
    rows: n,
    totalRows: total,
  });

  it('sums the rows-copied events of each table and keeps every other event in order', () => {
    const sent: SyncEvent[] = [];
    const relay = progressRelay((event) => sent.push(event), 60_000);
    relay.emit(rows('users', 10, 10));
    relay.emit(rows('orders', 5, 5));
    relay.emit(rows('users', 20, 30));
    expect(sent).toEqual([]);
    relay.emit({ type: 'table-finished', table: 'users', rows: 30, durationMs: 1 });
    relay.emit(rows('orders', 1, 6));
    relay.flush();
    expect(sent).toEqual([
      rows('users', 30, 30),
      rows('orders', 5, 5),
      { type: 'table-finished', table: 'users', rows: 30, durationMs: 1 },
      rows('orders', 1, 6),
    ]);
  });

  it('sends what it holds after the interval', async () => {
    const sent: SyncEvent[] = [];
    const relay = progressRelay((event) => sent.push(event), 10);
    relay.emit(rows('users', 3, 3));
    await new Promise((r) => setTimeout(r, 50));
    expect(sent).toEqual([rows('users', 3, 3)]);
  });
});
