import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  daemonControlConnection,
  type ConnectionConfig,
  type DaemonConfig,
} from '@confiture/domain';
import { openConnection, pgClientConfig } from '@confiture/sync';
import pg from 'pg';
import { DAEMON_CONFIG, RUNTIME } from '../config/tokens';
import type { RuntimeSettings } from '../config/runtime-settings';

/** The daemon's own schema in the control database. */
export const CONTROL_SCHEMA = 'confiture_daemon';
/** The schema pg-boss keeps its queue in, in the control database. */
export const QUEUE_SCHEMA = 'confiture_queue';

/** The control database: a small pool for the event store and API reads, and dedicated clients. */
@Injectable()
export class ControlDatabase implements OnModuleDestroy {
  /** How to reach the control database (its password a Secret). */
  readonly connection: ConnectionConfig;
  private opened?: { pool: pg.Pool; clientConfig: pg.ClientConfig };

  constructor(
    @Inject(DAEMON_CONFIG) config: DaemonConfig,
    @Inject(RUNTIME) runtime: RuntimeSettings,
  ) {
    this.connection = daemonControlConnection(config, runtime.env);
  }

  /**
   * Connects once the way `openConnection` does (so that `ssl_mode: prefer` falls back to a plain
   * connection where the server has no TLS), then opens the pool with the settings that worked.
   */
  async open(): Promise<void> {
    if (this.opened) return;
    const probe = await openConnection(this.connection, {
      role: 'admin',
      applicationName: 'confiture-daemon',
    });
    let encrypted = false;
    try {
      const { rows } = await probe.query<{ ssl: boolean }>(
        'SELECT coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false) AS ssl',
      );
      encrypted = rows[0]?.ssl === true;
    } finally {
      await probe.end().catch(() => undefined);
    }
    const base = pgClientConfig(this.connection, 'confiture-daemon');
    const clientConfig = encrypted ? base : { ...base, ssl: false };
    const pool = new pg.Pool({ ...clientConfig, max: 8, idleTimeoutMillis: 30_000 });
    // An idle client that drops must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    this.opened = { pool, clientConfig };
  }

  /** The pool (after {@link open}). */
  get pool(): pg.Pool {
    if (!this.opened) throw new Error('the control database is not open yet');
    return this.opened.pool;
  }

  /** node-postgres settings that reach the control database (after {@link open}). */
  clientConfig(applicationName: string): pg.ClientConfig {
    if (!this.opened) throw new Error('the control database is not open yet');
    return { ...this.opened.clientConfig, application_name: applicationName };
  }

  /** A client of its own (not pooled), for a session-level advisory lock or LISTEN. */
  async dedicatedClient(applicationName: string): Promise<pg.Client> {
    const client = new pg.Client({
      ...this.clientConfig(applicationName),
      keepAlive: true,
      keepAliveInitialDelayMillis: 5_000,
    });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  /**
   * Runs `work` holding a session advisory lock named `name` on the control database, so that
   * replicas starting at the same moment do it one after the other.
   */
  async withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    await this.open();
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
      }
    } finally {
      client.release();
    }
  }

  /** Creates the daemon's schema (idempotent; concurrent replicas serialize on a lock). */
  async migrate(): Promise<void> {
    await this.open();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('confiture_daemon.migrate'))`);
      await client.query(`
        CREATE SCHEMA IF NOT EXISTS ${CONTROL_SCHEMA};
        CREATE TABLE IF NOT EXISTS ${CONTROL_SCHEMA}.events (
          sequence bigserial PRIMARY KEY,
          job_id uuid NOT NULL,
          version int NOT NULL CHECK (version > 0),
          type text NOT NULL,
          recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
          data jsonb NOT NULL,
          UNIQUE (job_id, version)
        );
        CREATE TABLE IF NOT EXISTS ${CONTROL_SCHEMA}.jobs (
          job_id uuid PRIMARY KEY,
          status text NOT NULL,
          created_at timestamptz NOT NULL,
          updated_at timestamptz NOT NULL,
          view jsonb NOT NULL
        );
        CREATE INDEX IF NOT EXISTS jobs_status_created ON ${CONTROL_SCHEMA}.jobs (status, created_at DESC);
        CREATE INDEX IF NOT EXISTS jobs_created ON ${CONTROL_SCHEMA}.jobs (created_at DESC);
        COMMENT ON TABLE ${CONTROL_SCHEMA}.events IS
          'Every event of every job, append-only; confiture_daemon.jobs is their projection.';
      `);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.opened?.pool.end().catch(() => undefined);
  }
}
