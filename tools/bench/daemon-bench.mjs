#!/usr/bin/env node
// @ts-check
/**
 * npm run bench:daemon [-- --rows N] [-- --rate R] [-- --seconds S] [-- --rounds K] [-- --isolations inline,process]
 *
 * Makes a users table of --rows rows (default 1,000,000) as the source; starts confiture-daemon (the
 * built bin) once for each sync isolation (`jobs.isolation: inline` and `process`), each on a control
 * database and with a target of its own; then, in each round, measures a baseline and, for each
 * isolation in turn, requests a sync and while it runs sends
 * GET /jobs at --rate requests per second (default 200) for --seconds (default 10) over keep-alive
 * HTTP connections, open-loop (a request is sent on schedule whether or not earlier ones answered).
 * Each of --rounds rounds (default 3) runs one job per isolation, cancelled once its load window
 * ends. Prints a table of p50, p90, p99 and max latency (the median of the rounds' figures) and the
 * errors (non-200 answers, failed requests; all rounds, by kind) for each, beside a 3 s baseline per
 * round at the same rate with no sync running (after a 1 s warm-up per daemon that is not counted).
 * Uses DATABASE_URL/PG* when reachable, else an embedded PostgreSQL. Build first (the npm script does).
 * Everything it sends goes to 127.0.0.1; every loop is bounded by --seconds.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { acquireServer, createTestDatabase } = require('@confiture/pg-harness');
const { createBenchUsers } = require('@confiture/dataset');
const pg = require('pg');

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    isolations: { type: 'string', default: 'inline,process' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(
    'npm run bench:daemon [-- --rows N] [-- --rate R] [-- --seconds S] [-- --rounds K] [-- --isolations inline,process]\n',
  );
  process.exit(0);
}
const rows = Number(values.rows);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);

const log = (line) => process.stderr.write(`${line}\n`);
const ISOLATIONS = values.isolations.split(',');
const server = await acquireServer({ log });
const dbs = {
  source: await createTestDatabase({ serverUrl: server.url, prefix: 'bench_daemon_source' }),
};
for (const isolation of ISOLATIONS) {
  for (const role of ['control', 'target']) {
    dbs[`${role}_${isolation}`] = await createTestDatabase({
      serverUrl: server.url,
      prefix: `bench_daemon_${role}_${isolation}`,
    });
  }
}
const dir = mkdtempSync(join(tmpdir(), 'confiture-daemon-bench-'));
const token = randomBytes(24).toString('hex');
const seed = randomBytes(16).toString('hex');
const auditKey = randomBytes(32).toString('hex');
const daemons = [];
// A fresh pool of keep-alive connections for each load window: a connection left idle between
// windows may be closed by the server's keep-alive timeout just as a request reuses it.
let agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

/** Starts the daemon with `jobs.isolation: <isolation>`; resolves its port once it listens. */
const startDaemon = async (isolation) => {
  const file = join(dir, `daemon-${isolation}.yaml`);
  writeFileSync(
    file,
    [
      'control: ${BENCH_CONTROL_URL}',
      'listen: { host: 127.0.0.1, port: 0 }',
      `auth: { tokens: [ { name: bench, role: operator, sha256: "${createHash('sha256').update(token).digest('hex')}" } ] }`,
      'environments: { source: "${BENCH_SOURCE_URL}", target: "${BENCH_TARGET_URL}" }',
      'profiles: { users: users.yaml }',
      `jobs: { isolation: ${isolation} }`,
    ].join('\n'),
  );
  const daemon = spawn(
    process.execPath,
    [join(root, 'apps/daemon/bin/confiture-daemon.js'), '--config', file],
    {
      env: {
        PATH: process.env.PATH ?? '',
        CONFITURE_SEED: seed,
        CONFITURE_AUDIT_KEY: auditKey,
        BENCH_CONTROL_URL: dbs[`control_${isolation}`].url,
        BENCH_SOURCE_URL: dbs.source.url,
        BENCH_TARGET_URL: dbs[`target_${isolation}`].url,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  daemons.push(daemon);
  const url = await new Promise((resolve, reject) => {
    let out = '';
    daemon.stdout.on('data', (chunk) => {
      // The log is read (and dropped) all along, as a log shipper would.
      if (out === null) return;
      out += chunk;
      const match = /"url":"(http:[^"]+)"[^\n]*confiture-daemon listening/.exec(out);
      if (match) {
        out = null;
        resolve(match[1]);
      }
    });
    daemon.once('exit', (code) => reject(new Error(`the daemon exited with ${code}`)));
  });
  return { daemon, port: new URL(url).port };
};

const stopDaemon = async (daemon) => {
  if (daemon.exitCode !== null || daemon.signalCode !== null) return;
  daemon.kill('SIGTERM');
  await new Promise((r) => daemon.once('exit', r));
};

const request = (port, method, path, body) =>
  new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            text,
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          }),
        );
      },
    );
    req.on('error', (error) =>
      resolve({
        status: 0,
        text: '',
        error: error.code ?? error.message,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      }),
    );
    req.setTimeout(5000, () => req.destroy());
    req.end(body ? JSON.stringify(body) : undefined);
  });

/** Sends GET /jobs at `rate`/s for `secs` s, open-loop; returns the latency figures and errors. */
const load = async (port, secs) => {
  agent.destroy();
  agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const latencies = [];
  let errors = 0;
  const kinds = {};
  const total = Math.round(rate * secs);
  const start = Date.now();
  const inflight = [];
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / rate - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      request(port, 'GET', '/jobs').then((r) => {
        if (r.status !== 200) {
          errors += 1;
          const kind = r.status ? `HTTP ${r.status}` : r.error;
          kinds[kind] = (kinds[kind] ?? 0) + 1;
        }
        latencies.push(r.ms);
      }),
    );
  }
  await Promise.all(inflight);
  const sorted = latencies.sort((x, y) => x - y);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return {
    p50: at(50),
    p90: at(90),
    p99: at(99),
    max: sorted[sorted.length - 1],
    errors,
    kinds,
    requests: total,
    seconds: (Date.now() - start) / 1000,
  };
};

/** Requests the sync, waits for it to run, loads the API meanwhile; the figures and the job's status after. */
const duringSync = async (port) => {
  const created = await request(port, 'POST', '/jobs', {
    from: 'source',
    to: 'target',
    profile: 'users',
  });
  const jobId = JSON.parse(created.text).id;
  log(`  job ${jobId} requested; waiting for its sync to start`);
  for (let i = 0; i < 600; i++) {
    const job = JSON.parse((await request(port, 'GET', `/jobs/${jobId}`)).text);
    if (job.status === 'ANONYMIZATION' && job.attempts > 0) break;
    if (['COMPLETED', 'FAILED'].includes(job.status)) {
      throw new Error(`the job ended (${job.status}) before the load began`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`  GET /jobs at ${rate}/s for ${seconds} s while the sync runs`);
  const figures = await load(port, seconds);
  let job = JSON.parse((await request(port, 'GET', `/jobs/${jobId}`)).text);
  const status = job.status;
  // The next round's job must not share the target with this one.
  await request(port, 'POST', `/jobs/${jobId}/cancel`);
  for (let i = 0; i < 1200 && !RESTING.includes(job.status); i++) {
    await new Promise((r) => setTimeout(r, 100));
    job = JSON.parse((await request(port, 'GET', `/jobs/${jobId}`)).text);
  }
  log(`  job ${job.status.toLowerCase()}`);
  return { ...figures, status };
};

const RESTING = ['COMPLETED', 'FAILED', 'CANCELLED', 'ROLLED_BACK'];

/** The median of `values`. */
const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** One row of the table: the median of each latency figure over `runs`, and all their errors. */
const summary = (name, runs) => ({
  name,
  p50: median(runs.map((r) => r.p50)),
  p90: median(runs.map((r) => r.p90)),
  p99: median(runs.map((r) => r.p99)),
  max: median(runs.map((r) => r.max)),
  p99s: runs.map((r) => r.p99.toFixed(0)).join(' / '),
  errors: runs.reduce((sum, r) => sum + r.errors, 0),
  kinds: Object.entries(
    runs.reduce((all, r) => {
      for (const [kind, n] of Object.entries(r.kinds)) all[kind] = (all[kind] ?? 0) + n;
      return all;
    }, {}),
  )
    .map(([kind, n]) => `${kind} ×${n}`)
    .join(', '),
  requests: runs.reduce((sum, r) => sum + r.requests, 0),
  during: runs.filter((r) => r.status === 'ANONYMIZATION').length,
  rounds: runs.length,
  baseline: runs.every((r) => r.status === undefined),
});

try {
  log(`▸ generating ${rows.toLocaleString('en')} users`);
  const client = new pg.Client({ connectionString: dbs.source.url });
  await client.connect();
  await createBenchUsers(client, rows);
  await client.end();
  writeFileSync(
    join(dir, 'users.yaml'),
    [
      'global: { seed_env_var: CONFITURE_SEED }',
      'tables:',
      '  users:',
      '    - { column: email, strategy: email }',
      '    - { column: full_name, strategy: name }',
      '    - { column: phone, strategy: phone }',
      "    - { column: ssn, strategy: redact, replacement: '***-**-****' }",
    ].join('\n'),
  );

  // Rounds interleave the isolations, so that whatever else loads the machine meanwhile weighs on
  // each of them alike.
  const started = {};
  for (const isolation of ISOLATIONS) {
    log(`▸ starting the daemon with jobs.isolation: ${isolation}`);
    started[isolation] = await startDaemon(isolation);
    await load(started[isolation].port, 1);
  }
  const idle = [];
  const busy = Object.fromEntries(ISOLATIONS.map((isolation) => [isolation, []]));
  for (let round = 1; round <= rounds; round++) {
    log(`▸ round ${round}/${rounds}: baseline, GET /jobs at ${rate}/s for 3 s, no sync running`);
    idle.push(await load(started[ISOLATIONS[0]].port, 3));
    for (const isolation of ISOLATIONS) {
      log(`▸ round ${round}/${rounds}: jobs.isolation: ${isolation}`);
      busy[isolation].push(await duringSync(started[isolation].port));
    }
  }
  const results = [
    summary('no sync (baseline)', idle),
    ...ISOLATIONS.map((isolation) => summary(`sync, ${isolation}`, busy[isolation])),
  ];

  const ms = (v) => v.toFixed(1);
  const table = [
    ['', 'p50', 'p90', 'p99', 'max', 'p99 of each round', 'errors', 'requests', 'load during sync'],
    ...results.map((r) => [
      r.name,
      ms(r.p50),
      ms(r.p90),
      ms(r.p99),
      ms(r.max),
      r.p99s,
      r.errors ? `${r.errors} (${r.kinds})` : '0',
      String(r.requests),
      r.baseline ? '' : `${r.during}/${r.rounds} rounds`,
    ]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const line = (row) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  process.stdout.write(
    [
      `GET /jobs at ${rate}/s for ${seconds} s while a sync of ${rows.toLocaleString('en')} rows runs; latency in ms, the median of ${rounds} round(s):`,
      ...table.map((row) => `  ${line(row)}`),
      '  (load during sync: rounds whose whole load ran while the sync was still in ANONYMIZATION)',
    ].join('\n') + '\n',
  );
} finally {
  agent.destroy();
  for (const daemon of daemons) await stopDaemon(daemon);
  for (const db of Object.values(dbs)) await db.drop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
  await server.stop();
}
