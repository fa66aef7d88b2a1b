#!/usr/bin/env node
// @ts-check
/**
 * npm run bench:daemon [-- --rows N] [-- --rate R] [-- --seconds S]
 *
 * Starts confiture-daemon (the built bin) on a control database, makes a users table of --rows rows
 * (default 1,000,000) as the source, requests a sync into a target, and while that sync runs sends
 * GET /jobs at --rate requests per second (default 200) for --seconds (default 10) over keep-alive
 * HTTP connections, open-loop (a request is sent on schedule whether or not earlier ones answered).
 * Prints p50, p90, p99 and max latency and the errors (non-200 answers, failed requests), beside a
 * 3 s baseline at the same rate with no sync running, measured first in the same run.
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
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write('npm run bench:daemon [-- --rows N] [-- --rate R] [-- --seconds S]\n');
  process.exit(0);
}
const rows = Number(values.rows);
const rate = Number(values.rate);
const seconds = Number(values.seconds);

const log = (line) => process.stderr.write(`${line}\n`);
const server = await acquireServer({ log });
const dbs = {
  control: await createTestDatabase({ serverUrl: server.url, prefix: 'bench_daemon_control' }),
  source: await createTestDatabase({ serverUrl: server.url, prefix: 'bench_daemon_source' }),
  target: await createTestDatabase({ serverUrl: server.url, prefix: 'bench_daemon_target' }),
};
const dir = mkdtempSync(join(tmpdir(), 'confiture-daemon-bench-'));
let daemon;
try {
  log(`▸ generating ${rows.toLocaleString('en')} users`);
  const client = new pg.Client({ connectionString: dbs.source.url });
  await client.connect();
  await createBenchUsers(client, rows);
  await client.end();

  const token = randomBytes(24).toString('hex');
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
  writeFileSync(
    join(dir, 'daemon.yaml'),
    [
      'control: ${BENCH_CONTROL_URL}',
      'listen: { host: 127.0.0.1, port: 0 }',
      `auth: { tokens: [ { name: bench, role: operator, sha256: "${createHash('sha256').update(token).digest('hex')}" } ] }`,
      'environments: { source: "${BENCH_SOURCE_URL}", target: "${BENCH_TARGET_URL}" }',
      'profiles: { users: users.yaml }',
    ].join('\n'),
  );
  daemon = spawn(
    process.execPath,
    [join(root, 'apps/daemon/bin/confiture-daemon.js'), '--config', join(dir, 'daemon.yaml')],
    {
      env: {
        PATH: process.env.PATH ?? '',
        CONFITURE_SEED: randomBytes(16).toString('hex'),
        CONFITURE_AUDIT_KEY: randomBytes(32).toString('hex'),
        BENCH_CONTROL_URL: dbs.control.url,
        BENCH_SOURCE_URL: dbs.source.url,
        BENCH_TARGET_URL: dbs.target.url,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
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
  const { port } = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const request = (method, path, body) =>
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
      req.on('error', () =>
        resolve({ status: 0, text: '', ms: Number(process.hrtime.bigint() - started) / 1e6 }),
      );
      req.setTimeout(5000, () => req.destroy());
      req.end(body ? JSON.stringify(body) : undefined);
    });

  /** Sends GET /jobs at `rate`/s for `secs` s, open-loop; returns latencies and errors. */
  const load = async (secs) => {
    const latencies = [];
    let errors = 0;
    const total = Math.round(rate * secs);
    const start = Date.now();
    const inflight = [];
    for (let i = 0; i < total; i++) {
      const wait = start + (i * 1000) / rate - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inflight.push(
        request('GET', '/jobs').then((r) => {
          if (r.status !== 200) errors += 1;
          latencies.push(r.ms);
        }),
      );
    }
    await Promise.all(inflight);
    const sorted = latencies.sort((x, y) => x - y);
    const at = (p) =>
      sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);
    return {
      line: `p50 ${at(50)}  p90 ${at(90)}  p99 ${at(99)}  max ${sorted[sorted.length - 1].toFixed(1)}  errors ${errors}  (${total} requests in ${((Date.now() - start) / 1000).toFixed(1)} s)`,
    };
  };

  log(`▸ baseline: GET /jobs at ${rate}/s for 3 s, no sync running`);
  const idle = await load(3);
  const created = await request('POST', '/jobs', {
    from: 'source',
    to: 'target',
    profile: 'users',
  });
  const jobId = JSON.parse(created.text).id;
  log(`▸ job ${jobId} requested; waiting for its sync to start`);
  for (let i = 0; i < 600; i++) {
    const job = JSON.parse((await request('GET', `/jobs/${jobId}`)).text);
    if (job.status === 'ANONYMIZATION' && job.attempts > 0) break;
    if (['COMPLETED', 'FAILED'].includes(job.status)) {
      throw new Error(`the job ended (${job.status}) before the load began`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`▸ GET /jobs at ${rate}/s for ${seconds} s while the sync runs`);
  const busy = await load(seconds);
  const job = JSON.parse((await request('GET', `/jobs/${jobId}`)).text);
  process.stdout.write(
    [
      `GET /jobs at ${rate}/s, latency in ms (sync of ${rows.toLocaleString('en')} rows):`,
      `  no sync running   ${idle.line}`,
      `  during the sync   ${busy.line}`,
      `  the sync was ${job.status} when the load ended${job.status === 'ANONYMIZATION' ? ' (the whole load ran during the sync)' : ''}`,
    ].join('\n') + '\n',
  );
  agent.destroy();
} finally {
  if (daemon && daemon.exitCode === null) {
    daemon.kill('SIGTERM');
    await new Promise((r) => daemon.once('exit', r));
  }
  for (const db of Object.values(dbs)) await db.drop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
  await server.stop();
}
