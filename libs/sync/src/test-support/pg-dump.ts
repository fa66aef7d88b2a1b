import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A pg_dump that can dump a server, or why there is none. */
export type PgDumpLookup = { path: string; version: number } | { missing: string };

/** Major version of a pg_dump binary (`pg_dump (PostgreSQL) 15.20 ...` → 15), or undefined. */
function pgDumpMajor(path: string): number | undefined {
  try {
    const out = execFileSync(path, ['--version'], { encoding: 'utf8' });
    const match = /\(PostgreSQL\) (\d+)/.exec(out);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The server's major version, asked synchronously (Jest defines tests synchronously). */
function serverMajor(url: string): number {
  const script = `const pg = require('pg'); const c = new pg.Client({ connectionString: process.argv[1] });
    c.connect().then(() => c.query('SHOW server_version_num')).then((r) => {
      process.stdout.write(String(r.rows[0].server_version_num)); return c.end(); })
     .catch((e) => { process.stderr.write(String(e)); process.exit(1); });`;
  const out = execFileSync(process.execPath, ['-e', script, url], { encoding: 'utf8' });
  return Math.floor(Number(out) / 10000);
}

/**
 * A pg_dump able to dump the server at `url`: pg_dump refuses servers of a newer major version.
 * Looks at `PG_DUMP` (a path), the Debian/Ubuntu layout `/usr/lib/postgresql/<major>/bin`
 * (newest first), then `pg_dump` on PATH; the embedded PostgreSQL ships no client tools.
 */
export function findPgDump(url: string): PgDumpLookup {
  const major = serverMajor(url);
  const candidates = [
    ...(process.env['PG_DUMP'] ? [process.env['PG_DUMP']] : []),
    ...[...Array(major + 6).keys()]
      .reverse()
      .map((v) => `/usr/lib/postgresql/${v}/bin/pg_dump`)
      .filter((path) => existsSync(path)),
    'pg_dump',
  ];
  const seen: string[] = [];
  for (const path of candidates) {
    const version = pgDumpMajor(path);
    if (version === undefined) continue;
    if (version >= major) return { path, version };
    seen.push(`${path} is version ${version}`);
  }
  return {
    missing: `no pg_dump of version ${major} or newer for the PostgreSQL ${major} test server (${
      seen.length > 0 ? seen.join(', ') : 'none found'
    }); set PG_DUMP to one, or run the tests on an older server (DATABASE_URL)`,
  };
}

/** One entry of a plain-format dump: its `Name; Type; Schema` header and its SQL. */
export interface DumpEntry {
  id: string;
  sql: string;
}

/**
 * `pg_dump --schema-only --no-owner --no-acl` of a database as entries, comparable between two
 * databases: the header's owner, the session settings before the first entry and the random
 * `\restrict` keys are left out; the schema `confiture` (the sync's bookkeeping) is not dumped.
 */
export function dumpSchema(pgDump: string, url: string): DumpEntry[] {
  const text = execFileSync(
    pgDump,
    ['--schema-only', '--no-owner', '--no-acl', '--exclude-schema=confiture', url],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const entries: DumpEntry[] = [];
  const header = /^-- Name: (.*?); Type: (.*?); Schema: (.*?);.*$/gm;
  const starts = [...text.matchAll(header)];
  starts.forEach((match, i) => {
    const end = i + 1 < starts.length ? starts[i + 1]!.index! : text.length;
    const sql = text
      .slice(match.index! + match[0].length, end)
      .split('\n')
      .filter((line) => line !== '--' && !/^\\(un)?restrict /.test(line) && !/^-- /.test(line))
      .join('\n')
      .trim();
    entries.push({ id: `${match[2]} ${match[3]} ${match[1]}`, sql });
  });
  return entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.sql < b.sql ? -1 : 1));
}
