import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';

/** The built bin the tests run (the daemon's test target builds it first). */
export const DAEMON_BIN = join(__dirname, '..', '..', 'bin', 'confiture-daemon.js');

/** A daemon process started by a test. */
export interface DaemonProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed on stdout (pino JSON lines) and stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Parsed JSON log lines. */
  logs(): Record<string, unknown>[];
  /** Sends `signal` and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Runs `confiture-daemon` with `args` and `env`; resolves when it listens (or rejects if it exits). */
export function startDaemonProcess(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<DaemonProcess> {
  const child = spawn(process.execPath, [DAEMON_BIN, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`daemon did not listen in time:\n${out}\n${err}`)),
      timeoutMs,
    );
    const proc: DaemonProcess = {
      url: '',
      child,
      stdout: () => out,
      stderr: () => err,
      logs: () =>
        out
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      stop: async (signal = 'SIGTERM') => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        return exited;
      },
      exited,
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"url":"(http:[^"]+)"[^\n]*confiture-daemon listening/.exec(out);
      if (match && !proc.url) {
        proc.url = match[1]!;
        clearTimeout(timer);
        resolve(proc);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      if (!proc.url)
        reject(new Error(`daemon exited with ${code} before listening:\n${out}\n${err}`));
    });
  });
}

/** Runs the bin to its end (for bad configurations and --rebuild-projections). */
export function runDaemonCommand(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [DAEMON_BIN, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

/** The SHA-256 hex of a token, as the configuration lists it. */
export const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** A JSON response. */
export interface ApiResponse {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

/** Calls the API with a bearer token (or none). */
export async function api(
  url: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<ApiResponse> {
  const response = await fetch(url + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (metrics)
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** Polls `check` until it returns a value, or fails after `timeoutMs` with the last value seen. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Waits until job `id` has one of `statuses`; returns its view. */
export function waitForStatus(
  url: string,
  token: string,
  id: string,
  statuses: string[],
  timeoutMs = 90_000,
): Promise<any> {
  let last: unknown;
  return waitFor(
    `job ${id} to be ${statuses.join('|')}`,
    async () => {
      const { body } = await api(url, 'GET', `/jobs/${id}`, token);
      last = body;
      return statuses.includes(body?.status) ? body : undefined;
    },
    timeoutMs,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last: ${JSON.stringify(last)}`);
  });
}

/** Runs `text` on the database at `url` with a client of its own; returns the rows. */
export async function sql(url: string, text: string): Promise<pg.QueryResultRow[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}
