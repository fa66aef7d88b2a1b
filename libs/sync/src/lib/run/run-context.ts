import type { ConnectionConfig, SyncEvent, SyncPhase } from '@confiture/domain';
import type pg from 'pg';
import { openConnection, type ConnectionRole } from '../connection';
import type { SyncOptions } from './sync-options';

/**
 * What every phase of one run shares: its options, the connections it opened (all closed when the
 * run ends), its progress events and warnings, and the clock of its phases. Phases hand each other
 * their results as values; this holds only what the whole run accumulates.
 */
export class RunContext {
  /** When the run started. */
  readonly startedAt = new Date();
  readonly #warnings: string[] = [];
  readonly #durations: Partial<Record<SyncPhase, number>> = {};
  readonly #clients: pg.Client[] = [];
  readonly #emit: (event: SyncEvent) => void;

  constructor(readonly options: SyncOptions) {
    this.#emit = options.onEvent ?? (() => undefined);
  }

  /** Reports progress (never a data value or a secret). */
  emit(event: SyncEvent): void {
    this.#emit(event);
  }

  /** Adds a warning to the report and reports it at once. */
  warn(message: string): void {
    this.#warnings.push(message);
    this.emit({ type: 'warning', message });
  }

  /** The warnings so far, in order. */
  get warnings(): string[] {
    return [...this.#warnings];
  }

  /** Milliseconds spent in each phase so far. */
  get durations(): Partial<Record<SyncPhase, number>> {
    return { ...this.#durations };
  }

  /** Opens a connection that stays open until {@link close}; `name` shows in pg_stat_activity. */
  async connect(config: ConnectionConfig, role: ConnectionRole, name: string): Promise<pg.Client> {
    const client = await openConnection(config, { role, applicationName: name });
    this.#clients.push(client);
    return client;
  }

  /** Runs `work` as `phase`: reports its start and end, and adds its duration to the phase's. */
  async timed<T>(phase: SyncPhase, work: () => Promise<T>): Promise<T> {
    const start = Date.now();
    this.emit({ type: 'phase-started', phase });
    const result = await work();
    const durationMs = Date.now() - start;
    this.#durations[phase] = (this.#durations[phase] ?? 0) + durationMs;
    this.emit({ type: 'phase-finished', phase, durationMs });
    return result;
  }

  /** Closes every connection the run opened. */
  async close(): Promise<void> {
    await Promise.all(this.#clients.map((c) => c.end().catch(() => undefined)));
  }
}
