// @ts-check
'use strict';
/**
 * Jest globalSetup: makes sure DATABASE_URL names a reachable PostgreSQL server for the test
 * workers (which inherit this process's environment). Uses the configured server when it answers,
 * else starts one embedded cluster for the whole run; globalTeardown stops it.
 */
const { acquireServer, redactUrl } = require('./index.cjs');

module.exports = async function globalSetup() {
  const server = await acquireServer({
    log: (line) => process.stderr.write(`[pg-harness] ${line}\n`),
  });
  process.env.DATABASE_URL = server.url;
  process.env.CONFITURE_TEST_SERVER = server.source;
  /** @type {any} */ (globalThis).__confitureTestServer = server;
  if (process.env.CONFITURE_TEST_VERBOSE) {
    process.stderr.write(`[pg-harness] using ${server.source} server ${redactUrl(server.url)}\n`);
  }
};
