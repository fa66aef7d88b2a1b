#!/usr/bin/env node
// @ts-check
/**
 * npm run bench:sync [-- --rows N] [-- --threads N] [-- --workers N]
 *
 * Times, in one run and on the same server, (a) a plain `pg_dump | psql` copy of a users table
 * (id, email UNIQUE, full_name, phone, ssn, created_at) and (b) `confiture sync` anonymizing email,
 * full_name, phone and ssn, and prints both times, the ratio and confiture's peak RSS. A third run,
 * the same sync with no rule, shows what the copy costs without anonymization.
 * Uses DATABASE_URL/PG* when reachable, else an embedded PostgreSQL (then pg_dump must be able to
 * dump PostgreSQL 18). Build first (the npm script does).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { acquireServer, createTestDatabase, redactUrl } = require('@confiture/pg-harness');
const { createBenchUsers } = require('@confiture/dataset');
const { resolveConnection, resolveProfile } = require('@confiture/domain');
const { strategyCatalog } = require('@confiture/strategies');
const { runSync } = require('@confiture/sync');
const pg = require('pg');

const USAGE = `npm run bench:sync [-- --rows N] [-- --threads N] [-- --workers N]

Times pg_dump | psql against confiture sync (four anonymized columns, then none) on a generated
users table, on the same server, and prints the times, the ratio and confiture's peak RSS.

  --rows N      rows of the users table (default 1000000)
  --threads N   worker threads for the strategies (default: the sync's)
  --workers N   chunks copied at once (default: the sync's)

Uses DATABASE_URL/PG* when reachable, else an embedded PostgreSQL 18; pg_dump must be able to dump
that server (it refuses servers newer than itself).`;

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    threads: { type: 'string' },
    workers: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const rows = Number(values.rows);
/** What both timed syncs share: the flags given, and no verification (outside the figures). */
const runOptions = {
  ...(values.workers !== undefined ? { workers: Number(values.workers) } : {}),
  ...(values.threads !== undefined ? { transformThreads: Number(values.threads) } : {}),
  verify: false,
};

/** Runs a shell pipeline, returns its wall time in ms. */
function timed(command, env) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn('bash', ['-o', 'pipefail', '-c', command], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, ...env },
    });
    child.on('exit', (code) =>
      code === 0
        ? resolve(Number(process.hrtime.bigint() - start) / 1e6)
        : reject(new Error(`${command.split(' ')[0]} exited with ${code}`)),
    );
  });
}

/** A problem of the set-up, said in one line (no stack). */
class BenchError extends Error {}

/** Major version of the pg_dump on PATH, or undefined when there is none. */
function pgDumpMajor() {
  try {
    const out = execFileSync('pg_dump', ['--version'], { encoding: 'utf8' });
    const match = /(\d+)(?:\.\d+)?/.exec(out);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

const fmt = (ms) => `${(ms / 1000).toFixed(2)}s`;
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;

const server = await acquireServer({ log: (l) => console.error(l) });
const databases = [];
try {
  console.error(`server: ${redactUrl(server.url)} (${server.source})`);
  const source = await createTestDatabase({ serverUrl: server.url, prefix: 'bench_src' });
  databases.push(source);
  const client = new pg.Client({ connectionString: source.url });
  await client.connect();
  const version = (await client.query('SHOW server_version')).rows[0].server_version;
  // pg_dump refuses a server of a newer major version: say so before generating anything.
  const dumpVersion = pgDumpMajor();
  if (dumpVersion === undefined || dumpVersion < Number.parseInt(version, 10)) {
    await client.end();
    throw new BenchError(
      dumpVersion === undefined
        ? 'pg_dump was not found on PATH: install the PostgreSQL client tools.'
        : `pg_dump ${dumpVersion} cannot dump PostgreSQL ${version} (${server.source}): set DATABASE_URL to a server of version ${dumpVersion} or older, or put a newer pg_dump on PATH.`,
    );
  }
  let started = Date.now();
  await createBenchUsers(client, rows);
  // Hint bits and the visibility map set now, as on a table that has been read and vacuumed:
  // otherwise the first run (the baseline) sets them and pays for it.
  await client.query('VACUUM (ANALYZE) users');
  const size = (await client.query(`SELECT pg_size_pretty(pg_total_relation_size('users')) AS s`))
    .rows[0].s;
  await client.end();
  console.error(
    `generated ${rows.toLocaleString('en-US')} users (${size}) on PostgreSQL ${version} in ${fmt(Date.now() - started)}`,
  );

  // Each timed run starts from a checkpoint, so neither pays for the WAL the one before it wrote.
  const checkpoint = async () => {
    const admin = new pg.Client({ connectionString: source.url });
    await admin.connect();
    await admin.query('CHECKPOINT').finally(() => admin.end());
  };

  // (a) the baseline: pg_dump | psql, no anonymization.
  await checkpoint();
  const baseTarget = await createTestDatabase({ serverUrl: server.url, prefix: 'bench_dump' });
  databases.push(baseTarget);
  const baseline = await timed(
    `pg_dump --no-owner --no-acl -d "$SRC" | psql -q -v ON_ERROR_STOP=1 -d "$DST" >/dev/null`,
    {
      SRC: source.url,
      DST: baseTarget.url,
    },
  );

  // (b) confiture sync with four anonymized columns, in this process to read its peak RSS.
  const target = await createTestDatabase({ serverUrl: server.url, prefix: 'bench_sync' });
  databases.push(target);
  const profile = resolveProfile(
    {
      global: { seed_env_var: 'BENCH_SEED' },
      tables: {
        users: [
          { column: 'email', strategy: 'email' },
          { column: 'full_name', strategy: 'name' },
          { column: 'phone', strategy: 'phone' },
          { column: 'ssn', strategy: 'redact', replacement: '***-**-****' },
        ],
      },
    },
    { catalog: strategyCatalog, name: 'bench' },
  );
  await checkpoint();
  const rssBefore = process.resourceUsage().maxRSS;
  started = Date.now();
  const report = await runSync({
    source: resolveConnection(source.url),
    target: resolveConnection(target.url),
    profile,
    env: { BENCH_SEED: 'bench-seed-0123456789abcdef' },
    ...runOptions,
  });
  const confiture = Date.now() - started;
  const peak = process.resourceUsage().maxRSS;

  // (c) the same sync with no rule at all: what the copy machinery costs without anonymization,
  // so the ratio above splits into machinery and strategies.
  const plainTarget = await createTestDatabase({ serverUrl: server.url, prefix: 'bench_plain' });
  databases.push(plainTarget);
  await checkpoint();
  started = Date.now();
  const plain = await runSync({
    source: resolveConnection(source.url),
    target: resolveConnection(plainTarget.url),
    profile: resolveProfile(
      { global: { on_unmapped_pii: 'ignore' }, tables: {} },
      { catalog: strategyCatalog, name: 'bench-plain' },
    ),
    env: {},
    ...runOptions,
  });
  const machinery = Date.now() - started;

  console.log('');
  console.log(`rows                          ${rows.toLocaleString('en-US')} (${size})`);
  console.log(`pg_dump | psql (baseline)     ${fmt(baseline)}`);
  console.log(
    `confiture sync (4 columns)    ${fmt(confiture)}  (data ${fmt(report.phases.data ?? 0)}, post-data ${fmt(report.phases['post-data'] ?? 0)})`,
  );
  console.log(
    `confiture sync (no rules)     ${fmt(machinery)}  (data ${fmt(plain.phases.data ?? 0)}, post-data ${fmt(plain.phases['post-data'] ?? 0)}; the copy without anonymization)`,
  );
  console.log(
    `ratio                         ${(confiture / baseline).toFixed(2)}× (target ≤ 1.5×; without anonymization ${(machinery / baseline).toFixed(2)}×)`,
  );
  console.log(
    `confiture peak RSS            ${mb(peak)} (before the sync: ${mb(rssBefore)}; target < 300 MB)`,
  );
  console.log(`rows copied                   ${report.totals.rows.toLocaleString('en-US')}`);
} catch (error) {
  if (!(error instanceof BenchError)) throw error;
  console.error(`bench:sync: ${error.message}`);
  process.exitCode = 2;
} finally {
  for (const db of databases.reverse()) await db.drop().catch(() => undefined);
  await server.stop();
}
