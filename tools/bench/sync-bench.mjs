#!/usr/bin/env node
// @ts-check
/**
 * npm run bench:sync [-- --rows N] [-- --threads N] [-- --workers N] [-- --repeat N]
 *                    [-- --emails id|shuffled] [-- --dataset users|shop] [-- --no-cli]
 *
 * Times, in one run and on the same server, (a) a plain `pg_dump | psql` copy of a users table
 * (id, email UNIQUE, full_name, phone, ssn, created_at) and (b) `confiture sync` anonymizing email,
 * full_name, phone and ssn, and prints both times, the ratio and confiture's peak RSS. A third run,
 * the same sync with no rule, shows what the copy costs without anonymization. The three runs are
 * repeated in rounds (--repeat, default 3) and the medians compared: on a shared machine one run of
 * each varies by ±15% and more. In the same rounds, the built CLI is timed as users run it, in a
 * fresh process: `confiture sync` with its default verification, and with `--no-verify`.
 * Uses DATABASE_URL/PG* when reachable, else an embedded PostgreSQL (then pg_dump must be able to
 * dump PostgreSQL 18). Build first (the npm script does).
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { acquireServer, createTestDatabase, redactUrl } = require('@confiture/pg-harness');
const { createBenchUsers, createShop } = require('@confiture/dataset');
const { loadProfile, resolveConnection, resolveProfile } = require('@confiture/domain');
const { hmacBackend, parseHmacBackend, strategyCatalog } = require('@confiture/strategies');
const { runSync } = require('@confiture/sync');
const pg = require('pg');

const USAGE = `npm run bench:sync [-- --rows N] [-- --threads N] [-- --workers N] [-- --repeat N]
                   [-- --emails id|shuffled]

Times pg_dump | psql against confiture sync (four anonymized columns, then none) on a generated
users table, on the same server, and prints the times, the ratio and confiture's peak RSS.

  --rows N      rows of the users table (default 1000000)
  --threads N   worker threads for the strategies (default: the sync's)
  --workers N   chunks copied at once (default: the sync's)
  --repeat N    rounds of the three runs, interleaved; medians are reported (default 3)
  --emails id|shuffled
                id (default): user<id>@..., nearly in the order the UNIQUE index sorts them;
                shuffled: the same addresses numbered by a permutation of the ids, as in a real
                table (the index then builds as slowly for pg_dump | psql as for confiture)
  --dataset users|shop
                users (default): the users table above; shop: the demo shop (--rows users, about
                15 rows per user in 8 tables) with its profile, tools/dataset/profiles/shop.yaml
  --no-cli      leave out the two runs of the built CLI (apps/cli/bin/run.js, fresh process,
                verification on and --no-verify); build it first (npm run build)

Uses DATABASE_URL/PG* when reachable, else an embedded PostgreSQL 18; pg_dump must be able to dump
that server (it refuses servers newer than itself).`;

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    threads: { type: 'string' },
    workers: { type: 'string' },
    repeat: { type: 'string', default: '3' },
    emails: { type: 'string', default: 'id' },
    dataset: { type: 'string', default: 'users' },
    'no-cli': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const rows = Number(values.rows);
const repeat = Number(values.repeat);
if (values.emails !== 'id' && values.emails !== 'shuffled') {
  console.error(`bench:sync: --emails must be id or shuffled, got ${values.emails}`);
  process.exit(2);
}
if (values.dataset !== 'users' && values.dataset !== 'shop') {
  console.error(`bench:sync: --dataset must be users or shop, got ${values.dataset}`);
  process.exit(2);
}
const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = join(HERE, '..', '..', 'apps', 'cli', 'bin', 'run.js');
const withCli = !values['no-cli'];
if (withCli && !existsSync(join(HERE, '..', '..', 'apps', 'cli', 'dist', 'commands', 'sync.js'))) {
  console.error('bench:sync: the CLI is not built: run `npm run build` first, or pass --no-cli');
  process.exit(2);
}
const TIME = '/usr/bin/time';
if (!Number.isInteger(repeat) || repeat < 1) {
  console.error(`bench:sync: --repeat must be a positive integer, got ${values.repeat}`);
  process.exit(2);
}
/** What both timed syncs share: the flags given, and no verification (outside the figures). */
const runOptions = {
  ...(values.workers !== undefined ? { workers: Number(values.workers) } : {}),
  ...(values.threads !== undefined ? { transformThreads: Number(values.threads) } : {}),
  verify: false,
  // The benchmark is an edge: CONFITURE_HMAC=native|wasm|js chooses what HMAC batches hash with.
  hmacBackend: parseHmacBackend(process.env.CONFITURE_HMAC),
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

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
/** `4.62s`, or `4.62s [4.55–5.00]` over several rounds. */
const spread = (list) =>
  list.length === 1
    ? fmt(list[0])
    : `${fmt(median(list))} [${fmt(Math.min(...list))}–${fmt(Math.max(...list))}]`;
const fmt = (ms) => `${(ms / 1000).toFixed(2)}s`;
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;

const server = await acquireServer({ log: (l) => console.error(l) });
/** The generated source (each timed run's target is dropped right after it). */
let source;
/** The bench's temporary directory (the CLI's profile file, its RSS reading). */
let work;
try {
  console.error(`server: ${redactUrl(server.url)} (${server.source})`);
  source = await createTestDatabase({ serverUrl: server.url, prefix: 'bench_src' });
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
  const started = Date.now();
  if (values.dataset === 'shop') await createShop(client, { users: rows });
  else await createBenchUsers(client, rows, { emails: values.emails });
  // Hint bits and the visibility map set now, as on a table that has been read and vacuumed:
  // otherwise the first run (the baseline) sets them and pays for it.
  await client.query('VACUUM (ANALYZE)');
  const size = (
    await client.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`)
  ).rows[0].s;
  await client.end();
  console.error(
    `generated ${values.dataset === 'shop' ? 'the demo shop with ' : ''}${rows.toLocaleString('en-US')} users (${size}) on PostgreSQL ${version} in ${fmt(Date.now() - started)}`,
  );

  // Each timed run starts from a checkpoint, so neither pays for the WAL the one before it wrote.
  const checkpoint = async () => {
    const admin = new pg.Client({ connectionString: source.url });
    await admin.connect();
    await admin.query('CHECKPOINT').finally(() => admin.end());
  };

  const SEED = randomBytes(32).toString('hex');
  // The CLI signs its audit entry in each target, as every sync does.
  const AUDIT_KEY = randomBytes(32).toString('hex');
  const shopProfileFile = join(HERE, '..', 'dataset', 'profiles', 'shop.yaml');
  const usersProfile = resolveProfile(
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
  const profile =
    values.dataset === 'shop'
      ? loadProfile(shopProfileFile, { catalog: strategyCatalog })
      : usersProfile;
  const seedEnv = values.dataset === 'shop' ? { CONFITURE_SEED: SEED } : { BENCH_SEED: SEED };
  // The CLI reads the profile from a file: the users profile written as YAML (JSON is YAML).
  work = mkdtempSync(join(tmpdir(), 'confiture-bench-'));
  const cliProfileFile = values.dataset === 'shop' ? shopProfileFile : join(work, 'users.yaml');
  if (values.dataset === 'users') {
    writeFileSync(
      cliProfileFile,
      JSON.stringify({
        global: { seed_env_var: 'BENCH_SEED' },
        tables: {
          users: [
            { column: 'email', strategy: 'email' },
            { column: 'full_name', strategy: 'name' },
            { column: 'phone', strategy: 'phone' },
            { column: 'ssn', strategy: 'redact', replacement: '***-**-****' },
          ],
        },
      }),
    );
  }
  /**
   * Runs the built CLI in a fresh process, as a user does: `confiture sync --json`, with `extra`
   * flags; returns its report, and its peak RSS when /usr/bin/time is there.
   */
  const cliSync = (extra) => (url) =>
    new Promise((resolve, reject) => {
      const rssFile = join(work, 'rss');
      const argv = [CLI, 'sync', '--from', source.url, '--to', url, '--profile', cliProfileFile];
      argv.push('--yes', '--json', ...extra);
      const timeAt = existsSync(TIME);
      const child = spawn(
        timeAt ? TIME : process.execPath,
        timeAt ? ['-f', '%M', '-o', rssFile, process.execPath, ...argv] : argv,
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: {
            PATH: process.env.PATH ?? '',
            HOME: process.env.HOME ?? '',
            CONFITURE_AUDIT_KEY: AUDIT_KEY,
            ...seedEnv,
          },
        },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.on('exit', (code) => {
        if (code !== 0) {
          reject(
            new BenchError(
              `confiture sync ${extra.join(' ')} exited with ${code}: ${(err.trim() || out.trim()).split('\n').slice(-3).join(' | ')}`,
            ),
          );
          return;
        }
        const report = JSON.parse(out);
        const rssKb = timeAt ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) : 0;
        resolve({ ...report, rssKb });
      });
    });
  const plainProfile = resolveProfile(
    { global: { on_unmapped_pii: 'ignore' }, tables: {} },
    { catalog: strategyCatalog, name: 'bench-plain' },
  );
  /** Runs `work` against a new target database, dropped afterwards; returns its wall time. */
  const onNewTarget = async (prefix, work) => {
    const target = await createTestDatabase({ serverUrl: server.url, prefix });
    try {
      await checkpoint();
      const start = process.hrtime.bigint();
      const result = await work(target.url);
      return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
    } finally {
      await target.drop();
    }
  };

  // Rounds of the three runs, interleaved, so that a slow spell of the machine hits all three.
  const rssBefore = process.resourceUsage().maxRSS;
  const base = [];
  const anonymized = [];
  const plain = [];
  const cliVerified = [];
  const cliUnverified = [];
  let copied = 0;
  let firstPeak = 0;
  for (let round = 1; round <= repeat; round++) {
    // (a) the baseline: pg_dump | psql, no anonymization.
    base.push(
      await onNewTarget('bench_dump', (url) =>
        timed(
          `pg_dump --no-owner --no-acl -d "$SRC" | psql -q -v ON_ERROR_STOP=1 -d "$DST" >/dev/null`,
          { SRC: source.url, DST: url },
        ),
      ),
    );
    // (b) confiture sync with four anonymized columns, in this process to read its peak RSS.
    const sync = (profile, env) => (url) =>
      runSync({
        source: resolveConnection(source.url),
        target: resolveConnection(url),
        profile,
        env,
        ...runOptions,
      });
    const run = await onNewTarget('bench_sync', sync(profile, seedEnv));
    anonymized.push(run);
    copied = run.result.totals.rows;
    // As in one sync: later rounds add what the process kept from the earlier ones.
    if (round === 1) firstPeak = process.resourceUsage().maxRSS;
    // (c) the same sync with no rule at all: what the copy machinery costs without anonymization,
    // so the ratio splits into machinery and strategies.
    plain.push(await onNewTarget('bench_plain', sync(plainProfile, {})));
    // (d), (e) the built CLI in its own process, verification on (the default) and off.
    if (withCli) {
      cliVerified.push(await onNewTarget('bench_cli', cliSync([])));
      cliUnverified.push(await onNewTarget('bench_cli_nv', cliSync(['--no-verify'])));
    }
    if (repeat > 1) {
      console.error(
        `round ${round}/${repeat}: pg_dump | psql ${fmt(base.at(-1).ms)}, sync ${fmt(run.ms)}, no rules ${fmt(plain.at(-1).ms)}${withCli ? `, CLI ${fmt(cliVerified.at(-1).ms)}, CLI --no-verify ${fmt(cliUnverified.at(-1).ms)}` : ''}; RSS now ${mb(process.memoryUsage().rss / 1024)}, heap ${mb(process.memoryUsage().heapUsed / 1024)}`,
      );
    }
  }
  const peak = process.resourceUsage().maxRSS;

  const times = (runs) => runs.map((r) => r.ms);
  const phase = (runs, name) => runs.map((r) => r.result.phases[name] ?? 0);
  const baseline = median(times(base));
  const confiture = median(times(anonymized));
  const machinery = median(times(plain));
  const ratios = anonymized.map((r, i) => r.ms / base[i].ms);
  console.log('');
  console.log(
    `rows                          ${rows.toLocaleString('en-US')} (${size}, emails in ${values.emails === 'id' ? 'id' : 'shuffled'} order); ${repeat === 1 ? 'one round' : `median of ${repeat} rounds, range in brackets`}`,
  );
  console.log(`pg_dump | psql (baseline)     ${spread(times(base))}`);
  console.log(
    `confiture sync (4 columns)    ${spread(times(anonymized))}  (data ${spread(phase(anonymized, 'data'))}, post-data ${spread(phase(anonymized, 'post-data'))})`,
  );
  console.log(
    `confiture sync (no rules)     ${spread(times(plain))}  (data ${spread(phase(plain, 'data'))}, post-data ${spread(phase(plain, 'post-data'))}; the copy without anonymization)`,
  );
  console.log(
    `ratio                         ${(confiture / baseline).toFixed(2)}× (target ≤ 1.5×; without anonymization ${(machinery / baseline).toFixed(2)}×)${repeat > 1 ? `; per round ${ratios.map((r) => `${r.toFixed(2)}×`).join(' ')}` : ''}`,
  );
  console.log(
    `confiture peak RSS            ${mb(firstPeak)} (before the sync: ${mb(rssBefore)}; target < 300 MB)${repeat > 1 ? `; ${mb(peak)} after all ${2 * repeat} syncs in this process` : ''}`,
  );
  if (withCli) {
    const cliPhases = (runs, name) => runs.map((r) => r.result.phases?.[name] ?? 0);
    const ratio = (runs) => (median(times(runs)) / baseline).toFixed(2);
    const verify = cliPhases(cliVerified, 'verify');
    const loadPhases = cliVerified.map(
      (r) => (r.result.phases?.data ?? 0) + (r.result.phases?.['post-data'] ?? 0),
    );
    const share = verify.map((v, i) => v / loadPhases[i]);
    console.log(
      `CLI, verification on          ${spread(times(cliVerified))}  ${ratio(cliVerified)}× (target ≤ 1.5×; data ${spread(cliPhases(cliVerified, 'data'))}, post-data ${spread(cliPhases(cliVerified, 'post-data'))}, verify ${spread(verify)})`,
    );
    console.log(
      `CLI, --no-verify              ${spread(times(cliUnverified))}  ${ratio(cliUnverified)}× (target ≤ 1.25×)`,
    );
    console.log(
      `verification / (data + post)  ${(median(share) * 100).toFixed(0)} % (target ≤ 20 %); per round ${share.map((x) => `${(x * 100).toFixed(0)} %`).join(' ')}`,
    );
    const rss = cliVerified.map((r) => r.result.rssKb).filter((kb) => kb > 0);
    if (rss.length > 0) {
      console.log(
        `CLI peak RSS, verification on ${mb(Math.max(...rss))} (largest of ${rss.length} runs; target ≤ 300 MB)`,
      );
    }
  }
  console.log(`rows copied                   ${copied.toLocaleString('en-US')}`);
  console.log(
    `HMAC batches                  ${hmacBackend()} (CONFITURE_HMAC=native|wasm|js chooses; native is the addon \`nx run strategies:native\` builds)`,
  );
} catch (error) {
  if (!(error instanceof BenchError)) throw error;
  console.error(`bench:sync: ${error.message}`);
  process.exitCode = 2;
} finally {
  await source?.drop().catch(() => undefined);
  if (work) rmSync(work, { recursive: true, force: true });
  await server.stop();
}
