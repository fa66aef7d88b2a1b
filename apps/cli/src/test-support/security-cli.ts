import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ClientBase } from 'pg';

const BIN = join(__dirname, '..', '..', 'bin', 'run.js');

/** What one run of the built `confiture` binary printed, and how it exited. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Secrets for a test run of the security commands. */
export function securityTestEnv(): Record<string, string> {
  return {
    CONFITURE_AUDIT_KEY: randomBytes(32).toString('hex'),
    CONFITURE_MASTER_KEY: randomBytes(32).toString('hex'),
  };
}

/** Runs `node bin/run.js ...args` with `env` on top of a clean environment; never throws. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: process.env['HOME'] ?? '',
          NO_COLOR: '1',
          ...env,
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs `sql` on a ledger table with its append-only triggers off, as a superuser attacker would. */
export async function tamperLedger(client: ClientBase, table: string, sql: string): Promise<void> {
  await client.query('BEGIN');
  await client.query(`ALTER TABLE confiture.${table} DISABLE TRIGGER USER`);
  await client.query(sql);
  for (const trigger of ['append_only', 'no_truncate']) {
    await client.query(`ALTER TABLE confiture.${table} ENABLE ALWAYS TRIGGER ${table}_${trigger}`);
  }
  await client.query('COMMIT');
}
