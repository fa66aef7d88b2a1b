import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(__dirname, '..', '..', 'bin', 'run.js');

/** What one run of the built `confiture` binary printed, and how it exited. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment a CLI test runs with: a clean one, plus `env`. */
function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '',
    NO_COLOR: '1',
    ...env,
  };
}

/** Runs `node bin/run.js ...args` with `env` on top of a clean environment; never throws. */
export function runCli(
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        env: cliEnv(env),
        timeout: options.timeoutMs ?? 120_000,
        ...(options.cwd ? { cwd: options.cwd } : {}),
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Starts `node bin/run.js ...args` and returns the process, for tests that kill it midway. */
export function startCli(
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string } = {},
): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    env: cliEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
}
