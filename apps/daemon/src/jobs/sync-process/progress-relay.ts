import type { SyncEvent } from '@confiture/domain';

/** Forwards sync events, with the `rows-copied` events of each table summed over a short interval. */
export interface ProgressRelay {
  emit(event: SyncEvent): void;
  /** Sends what is held back now. */
  flush(): void;
}

/**
 * The sync process's side of progress: every event is sent in order, but the many `rows-copied`
 * events (one per batch) are summed per table and sent at most every `intervalMs`, so that the
 * replica's event loop, which answers the API, handles a few messages a second, not thousands.
 */
export function progressRelay(send: (event: SyncEvent) => void, intervalMs = 100): ProgressRelay {
  const pending = new Map<string, { rows: number; totalRows: number }>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    for (const [table, { rows, totalRows }] of pending) {
      send({ type: 'rows-copied', table, rows, totalRows });
    }
    pending.clear();
  };
  return {
    emit: (event) => {
      if (event.type !== 'rows-copied') {
        flush();
        send(event);
        return;
      }
      const held = pending.get(event.table);
      pending.set(event.table, {
        rows: (held?.rows ?? 0) + event.rows,
        totalRows: Math.max(held?.totalRows ?? 0, event.totalRows),
      });
      timer ??= setTimeout(flush, intervalMs);
    },
    flush,
  };
}
