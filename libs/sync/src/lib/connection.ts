import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ConnectionOptions } from 'node:tls';
import { ConfitureError, type ConnectionConfig } from '@confiture/domain';
import pg from 'pg';

/** Which side of a sync a connection serves; a source session is read-only. */
export type ConnectionRole = 'source' | 'target' | 'admin';

/** Options of {@link openConnection}. */
export interface OpenConnectionOptions {
  role: ConnectionRole;
  /** Shown in pg_stat_activity, e.g. `confiture sync worker 2`. */
  applicationName?: string;
}

/** The server's `server_version_num`, e.g. 150020 for 15.20. */
export async function serverVersionNum(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ version: string }>(
    `SELECT current_setting('server_version_num') AS version`,
  );
  return Number(rows[0]!.version);
}

/** node-postgres settings for a resolved connection (the password is revealed only here). */
export function pgClientConfig(conn: ConnectionConfig, applicationName?: string): pg.ClientConfig {
  return {
    host: conn.host,
    port: conn.port,
    database: conn.database,
    user: conn.user,
    ...(conn.password ? { password: conn.password.reveal() } : {}),
    ssl: sslOptions(conn),
    connectionTimeoutMillis: conn.connectTimeoutSeconds * 1000,
    ...(conn.statementTimeoutSeconds !== undefined
      ? { statement_timeout: conn.statementTimeoutSeconds * 1000 }
      : {}),
    application_name: applicationName ?? conn.applicationName,
  };
}

/**
 * Connects to a database and turns every way that can fail (unreachable host, bad password,
 * missing database, timeout) into one clear {@link ConfitureError} naming the environment, never its
 * password. A `source` session is read-only: every transaction it opens refuses writes.
 */
export async function openConnection(
  conn: ConnectionConfig,
  options: OpenConnectionOptions,
): Promise<pg.Client> {
  const attempt = async (config: pg.ClientConfig) => {
    const client = new pg.Client(config);
    // An idle connection that drops must not crash the process; the next query reports it.
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  };
  const config = pgClientConfig(conn, options.applicationName);
  let client: pg.Client;
  try {
    try {
      client = await attempt(config);
    } catch (error) {
      // sslmode=prefer/allow: fall back to a plain connection when the server has no TLS.
      if ((conn.sslMode === 'prefer' || conn.sslMode === 'allow') && isNoSslError(error)) {
        client = await attempt({ ...config, ssl: false });
      } else {
        throw error;
      }
    }
  } catch (error) {
    throw connectionError(conn, error);
  }
  if (options.role === 'source' || conn.readonly) {
    await client.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY');
  }
  return client;
}

/** A {@link ConfitureError} that says why connecting to `conn` failed and what to do. */
export function connectionError(conn: ConnectionConfig, error: unknown): ConfitureError {
  const err = error as { code?: string; message?: string };
  const where = conn.label;
  const fail = (message: string, hint: string) =>
    new ConfitureError('CONNECTION_FAILED', `${where}: ${message}`, { hint, cause: error });
  switch (err.code) {
    case 'ECONNREFUSED':
      return fail(
        `connection refused at ${conn.host}:${conn.port}`,
        `Is PostgreSQL running and listening on ${conn.host}:${conn.port}?`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return fail(
        `host "${conn.host}" not found`,
        'Check the host name in the environment file or URL.',
      );
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return fail(
        `cannot reach ${conn.host}:${conn.port} (${err.code})`,
        'Check the network path (VPN, firewall, SSH tunnel).',
      );
    case '28P01':
    case '28000':
      return fail(
        `authentication failed for user "${conn.user}"`,
        conn.file
          ? `Check the user and the password variable in ${conn.file}.`
          : 'Check the user and password of the connection string.',
      );
    case '3D000':
      return fail(
        `database "${conn.database}" does not exist`,
        'Create it first, or fix the database name.',
      );
    case '53300':
      return fail(
        'too many connections',
        'Lower --workers, or raise max_connections on the server.',
      );
    default:
      if (/timeout/i.test(err.message ?? '')) {
        return fail(
          `no answer within ${conn.connectTimeoutSeconds}s`,
          'Check that the host and port are right, or raise connect_timeout.',
        );
      }
      return fail(err.message ?? String(error), 'Check the connection settings.');
  }
}

function isNoSslError(error: unknown): boolean {
  return /does not support SSL/i.test((error as Error)?.message ?? '');
}

function sslOptions(conn: ConnectionConfig): boolean | ConnectionOptions {
  const read = (file: string | undefined) => {
    if (!file) return undefined;
    try {
      return readFileSync(file, 'utf8');
    } catch {
      throw new ConfitureError('ENVIRONMENT_INVALID', `cannot read TLS file ${file}`, {
        file: conn.file,
        hint: 'Check ssl_cert, ssl_key and ssl_root_cert paths.',
      });
    }
  };
  switch (conn.sslMode) {
    case 'disable':
      return false;
    case 'allow':
    case 'prefer':
    case 'require':
      return { rejectUnauthorized: false, cert: read(conn.sslCert), key: read(conn.sslKey) };
    case 'verify-ca':
    case 'verify-full':
      return {
        rejectUnauthorized: true,
        ca: read(conn.sslRootCert),
        cert: read(conn.sslCert),
        key: read(conn.sslKey),
        ...(conn.sslMode === 'verify-ca' ? { checkServerIdentity: () => undefined } : {}),
      };
  }
}

/** What node-postgres keeps of a connection that a cancel request needs (set once connected). */
interface CancellableClient {
  host?: string;
  port?: number;
  processID?: number | null;
  secretKey?: number | null;
}

/**
 * Asks the server to cancel the statement `client` is running, as libpq's PQcancel does: a
 * CancelRequest (its backend's process id and secret key) on a new connection, which needs no
 * authentication. Resolves when the request was sent, or at once when the client does not know its
 * backend; the statement then fails with "canceling statement due to user request".
 */
export function requestCancel(client: pg.ClientBase): Promise<void> {
  const { host, port, processID, secretKey } = client as unknown as CancellableClient;
  if (!host || !port || typeof processID !== 'number' || typeof secretKey !== 'number') {
    return Promise.resolve();
  }
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt32BE(80877102, 4); // the cancel request code: 1234 << 16 | 5678
  packet.writeInt32BE(processID, 8);
  packet.writeInt32BE(secretKey, 12);
  return new Promise((resolve, reject) => {
    const socket = host.startsWith('/')
      ? createConnection(`${host}/.s.PGSQL.${port}`)
      : createConnection(port, host);
    socket.once('connect', () => socket.end(packet));
    socket.once('close', () => resolve());
    socket.once('error', reject);
  });
}

/**
 * Ends a `COPY ... TO STDOUT` that is still sending. Destroying the stream is not enough: the
 * server goes on sending, the connection stays in COPY mode and its next query never runs. So the
 * statement is cancelled and what was already on its way is read and discarded.
 */
export async function stopCopyOut(source: pg.ClientBase, input: Readable): Promise<void> {
  if (input.readableEnded || input.destroyed) return;
  const ended = finished(input).catch(() => undefined);
  input.resume();
  // Should the cancel request fail, the rest of the result is still read to its end.
  await requestCancel(source).catch(() => undefined);
  await ended;
}
