#!/usr/bin/env node
// @ts-check
/**
 * node tools/precision/scan-precision.mjs [--rows N] [--demo-users N] [--json FILE] <schema.sql>...
 *
 * Measures the PII pattern scan's precision (what `confiture verify` and the sync's verification
 * run): each schema file is loaded into a new database and filled with random values that hold no
 * personal data (fill-schema.mjs), and the scan, with no rule declaring anything safe, must find
 * nothing there; the demo shop (`confiture demo`'s data, full of planted PII) is scanned the same
 * way to see what it still finds. Prints, per database, the columns and rows scanned and every
 * finding (table, column, kinds and row counts; never a value). Build first:
 * `npx nx run-many -t build -p governance dataset`.
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { filledDatabase } from './fill-schema.mjs';

const require = createRequire(import.meta.url);
const { acquireServer, createTestDatabase } = require('@confiture/pg-harness');
const { createShop } = require('@confiture/dataset');
const { resolveProfile } = require('@confiture/domain');
const { scanForLeaks } = require('@confiture/governance');
const { strategyCatalog } = require('@confiture/strategies');
const pg = require('pg');

const { values, positionals } = parseArgs({
  options: {
    rows: { type: 'string', default: '100' },
    'demo-users': { type: 'string', default: '2000' },
    json: { type: 'string' },
    help: { type: 'boolean' },
  },
  allowPositionals: true,
});
if (values.help) {
  console.log(
    'usage: node tools/precision/scan-precision.mjs [--rows N] [--demo-users N] [--json FILE] <schema.sql>...',
  );
  process.exit(0);
}

/** No rules: every text, JSON, array and inet column is scanned for every kind. */
const profile = resolveProfile({}, { catalog: strategyCatalog, name: 'precision' });

/** @param {import('pg').ClientBase} client */
async function scan(client) {
  const report = await scanForLeaks({ target: client, profile });
  return {
    scannedColumns: report.scannedColumns,
    scannedRows: report.scannedRows,
    findings: report.leaks.map((leak) => ({
      column: `${leak.table}.${leak.column}`,
      rows: leak.rows,
      kinds: leak.kinds,
      ...(leak.paths ? { paths: leak.paths } : {}),
    })),
  };
}

const server = await acquireServer();
const results = [];
try {
  for (const file of positionals) {
    const filled = await filledDatabase(file, { serverUrl: server.url, rows: Number(values.rows) });
    const client = new pg.Client({ connectionString: filled.db.url });
    await client.connect();
    try {
      results.push({
        database: basename(file),
        tables: `${filled.filled} of ${filled.tables} filled, ${filled.rows} rows`,
        ...(await scan(client)),
      });
    } finally {
      await client.end();
      await filled.db.drop();
    }
  }
  const users = Number(values['demo-users']);
  if (users > 0) {
    const db = await createTestDatabase({ serverUrl: server.url, prefix: 'confiture_shop' });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await createShop(client, { users });
      results.push({ database: `demo shop (${users} users)`, ...(await scan(client)) });
    } finally {
      await client.end();
      await db.drop();
    }
  }
} finally {
  await server.stop();
}

for (const result of results) {
  console.log(
    `${result.database}: ${result.scannedColumns} columns, ${result.scannedRows} rows scanned${
      result.tables ? ` (${result.tables})` : ''
    }; ${result.findings.length} column(s) with findings`,
  );
  for (const finding of result.findings) {
    console.log(
      `  ${finding.column}: ${finding.rows} row(s), ${Object.entries(finding.kinds)
        .map(([kind, n]) => `${kind} ${n}`)
        .join(', ')}${finding.paths ? ` at ${finding.paths.join(', ')}` : ''}`,
    );
  }
}
if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 2));
