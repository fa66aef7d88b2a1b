#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * with-postgres -- <command...>
 * Runs a command with DATABASE_URL naming a reachable PostgreSQL server: the one DATABASE_URL/PG*
 * already name when it answers, else one embedded cluster shared by the whole command (so a
 * `nx run-many -t test` starts PostgreSQL once, not once per project). Exits with the command's code.
 */
const { spawn } = require('node:child_process');
const { acquireServer, redactUrl } = require('../src/index.cjs');

async function main() {
  const separator = process.argv.indexOf('--');
  const command = separator >= 0 ? process.argv.slice(separator + 1) : process.argv.slice(2);
  if (command.length === 0) {
    process.stderr.write('usage: with-postgres -- <command> [args...]\n');
    return 2;
  }
  const server = await acquireServer({
    log: (line) => process.stderr.write(`[pg-harness] ${line}\n`),
  });
  process.stderr.write(
    `[pg-harness] tests use the ${server.source} server ${redactUrl(server.url)}\n`,
  );
  try {
    return await new Promise((resolve) => {
      const child = spawn(command[0], command.slice(1), {
        stdio: 'inherit',
        shell: process.platform === 'win32',
        env: { ...process.env, DATABASE_URL: server.url, CONFITURE_TEST_SERVER: server.source },
      });
      const forward = (/** @type {NodeJS.Signals} */ signal) => child.kill(signal);
      process.on('SIGINT', forward);
      process.on('SIGTERM', forward);
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`with-postgres: ${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  },
);
