import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfitureError, formatQualifiedName, quoteIdent, quoteQualified } from '@confiture/domain';
import { rowAddressCondition, type RowSet } from '@confiture/sync';
import type pg from 'pg';
import { countSubjectRows, type SubjectRows } from './subject-rows';

/** Formats of an access export: JSON keeps the types, CSV is for people. */
export const EXPORT_FORMATS = ['json', 'csv'] as const;
/** An access export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One exported file. */
export interface ExportedFile {
  table: string;
  file: string;
  rows: number;
  sha256: string;
}

/** manifest.json of an access export. */
export interface AccessManifest {
  requestId: string;
  generatedAt: string;
  format: ExportFormat;
  root: string;
  identifier: string;
  files: ExportedFile[];
}

/** Options of {@link exportSubjectRows}. */
export interface ExportOptions {
  format: ExportFormat;
  requestId?: string;
  now?: Date;
  /** Addresses fetched per query (default 1000). */
  batchSize?: number;
}

/**
 * Writes every row of the subject to `dir` (which must be absent or empty): one file per table,
 * fetched from the database by address in batches, then manifest.json with each file's SHA-256.
 * Use in the transaction that found the rows.
 */
export async function exportSubjectRows(
  client: pg.ClientBase,
  rows: SubjectRows,
  dir: string,
  options: ExportOptions,
): Promise<AccessManifest> {
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new ConfitureError('INPUT_INVALID', `--output ${dir} is not empty`, {
      path: '--output',
      hint: 'Give a new or empty directory: an export never overwrites files.',
    });
  mkdirSync(dir, { recursive: true });
  const files: ExportedFile[] = [];
  const counts = new Map(countSubjectRows(rows).map((c) => [c.table, c.rows]));
  for (const set of rows.tables) {
    const table = formatQualifiedName(set.table.name);
    if (!counts.get(table)) continue;
    const file = `${set.table.name.schema}.${set.table.name.name}.${options.format}`;
    const path = join(dir, file);
    writeFileSync(path, '');
    const written =
      options.format === 'json'
        ? await writeJson(client, set, path, options.batchSize ?? 1000)
        : await writeCsv(client, set, path, options.batchSize ?? 1000);
    files.push({ table, file, rows: written, sha256: sha256Of(path) });
  }
  files.sort((a, b) => a.table.localeCompare(b.table));
  const manifest: AccessManifest = {
    requestId: options.requestId ?? randomUUID(),
    generatedAt: (options.now ?? new Date()).toISOString(),
    format: options.format,
    root: formatQualifiedName(rows.root.name),
    identifier: rows.identifier,
    files,
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** A JSON array of row objects (row_to_json: numbers, booleans, json and nulls keep their types). */
async function writeJson(client: pg.ClientBase, set: RowSet, path: string, batchSize: number) {
  let written = 0;
  appendText(path, '[');
  for (const batch of batches(set, batchSize)) {
    const result = await client.query<{ j: string }>(
      `SELECT row_to_json(t)::text AS j FROM ${quoteQualified(set.table.name)} t
        WHERE ${rowAddressCondition('t')} ORDER BY ${orderBy(set)}`,
      batch,
    );
    for (const row of result.rows) appendText(path, (written++ === 0 ? '\n  ' : ',\n  ') + row.j);
  }
  appendText(path, '\n]\n');
  return written;
}

/** RFC 4180 CSV with a header; NULL is an empty field, an empty string is `""`. */
async function writeCsv(client: pg.ClientBase, set: RowSet, path: string, batchSize: number) {
  const columns = set.table.columns.map((c) => c.name);
  appendText(path, columns.map(csvField).join(',') + '\r\n');
  let written = 0;
  for (const batch of batches(set, batchSize)) {
    const result = await client.query<(string | null)[]>({
      text: `SELECT ${columns.map((c) => `t.${quoteIdent(c)}::text`).join(', ')}
               FROM ${quoteQualified(set.table.name)} t
              WHERE ${rowAddressCondition('t')} ORDER BY ${orderBy(set)}`,
      values: batch,
      rowMode: 'array',
    });
    const lines = result.rows.map(
      (row) => row.map((v) => (v === null ? '' : csvField(v))).join(',') + '\r\n',
    );
    appendText(path, lines.join(''));
    written += lines.length;
  }
  return written;
}

function csvField(value: string): string {
  return value === '' || /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function orderBy(set: RowSet): string {
  const key = set.table.primaryKey;
  return key && key.length > 0 ? key.map((c) => `t.${quoteIdent(c)}`).join(', ') : 't.ctid';
}

function* batches(set: RowSet, size: number): Generator<[number[], string[]]> {
  for (let i = 0; i < set.rows.length; i += size) {
    const slice = set.rows.slice(i, i + size);
    yield [slice.map((r) => r.tableoid), slice.map((r) => r.ctid)];
  }
}

function appendText(path: string, text: string): void {
  writeFileSync(path, text, { flag: 'a' });
}

function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
