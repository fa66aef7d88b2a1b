import { formatQualifiedName, sameName, type QualifiedName } from '@confiture/domain';
import { inSavepoint, readCatalog, type CatalogTable, type DatabaseCatalog } from '@confiture/sync';
import type pg from 'pg';
import {
  classifyColumn,
  DEFAULT_PII_THRESHOLD,
  type ColumnFinding,
  type ColumnSample,
} from './classify-column';
import {
  DEFAULT_SAMPLE_LIMITS,
  isSampledColumn,
  sampleTable,
  type SampleLimits,
  type TableSampleInfo,
} from './sample-columns';

/** Options of {@link detectPii}. */
export interface DetectPiiOptions {
  /** The catalog of the database (read from `client` when absent). */
  catalog?: DatabaseCatalog;
  /** Rows sampled per table (default 200; 0 classifies from names, comments and types only). */
  sampleRows?: number;
  /** How much of each value is read (defaults: {@link DEFAULT_SAMPLE_LIMITS}). */
  sampleLimits?: Partial<SampleLimits>;
  /** Confidence at which a column counts as PII (default 0.5). */
  threshold?: number;
  /** Tables whose values are not sampled (e.g. excluded from the sync); names and types still count. */
  skipSampling?: readonly QualifiedName[];
  /** Per-table statement timeout in milliseconds (default 30 s). */
  statementTimeoutMs?: number;
  /**
   * `own` (default): detection opens and ends its own READ ONLY transaction (with the timeout).
   * `inside`: the client is already in a transaction block (e.g. the sync's snapshot): detection
   * uses savepoints and never ends it. `none`: plain statements, for a session that must not be
   * put in a transaction (the session should then be read-only, as source sessions are).
   */
  transaction?: 'own' | 'inside' | 'none';
}

/** A table that could not be sampled; its columns were classified from names and types only. */
export interface SamplingProblem {
  table: string;
  message: string;
}

/** The result of {@link detectPii}: a verdict on every column. */
export interface PiiDetection {
  database: string;
  /** Every column of every table (partitions are classified through their parent). */
  columns: ColumnFinding[];
  /** How each table was sampled, by `schema.table`. */
  sampling: Record<string, TableSampleInfo>;
  problems: SamplingProblem[];
  threshold: number;
  sampleRows: number;
  /** How much of each value was read. */
  sampleLimits: SampleLimits;
  /** Columns with sampled values longer than the limit, read in part (names and counts only). */
  readInPart: { table: string; column: string; values: number }[];
  durationMs: number;
}

/** The columns a detection considers PII. */
export function piiColumns(detection: PiiDetection): ColumnFinding[] {
  return detection.columns.filter((c) => c.pii);
}

/**
 * Classifies every column of a database as PII or not, with its kind, confidence and evidence,
 * from column names and comments (several languages), types, and a bounded sample of values read
 * in a read-only transaction. Partitions are read through their partitioned table.
 */
export async function detectPii(
  client: pg.ClientBase,
  options: DetectPiiOptions = {},
): Promise<PiiDetection> {
  const started = Date.now();
  const sampleRows = Math.max(0, Math.min(options.sampleRows ?? 200, 10_000));
  const sampleLimits: SampleLimits = { ...DEFAULT_SAMPLE_LIMITS, ...options.sampleLimits };
  const readInPart: PiiDetection['readInPart'] = [];
  const threshold = options.threshold ?? DEFAULT_PII_THRESHOLD;
  const mode = options.transaction ?? 'own';
  const own = mode === 'own';
  const savepoints = mode !== 'none';
  const timeout = Math.max(1, Math.floor(options.statementTimeoutMs ?? 30_000));
  const columns: ColumnFinding[] = [];
  const sampling: Record<string, TableSampleInfo> = {};
  const problems: SamplingProblem[] = [];
  if (own) {
    await client.query('BEGIN TRANSACTION READ ONLY');
    await client.query(`SET LOCAL statement_timeout = ${timeout}`);
  }
  let catalog: DatabaseCatalog;
  try {
    catalog = options.catalog ?? (await readCatalog(client));
    for (const table of catalog.tables) {
      if (table.kind === 'partition') continue;
      const skip = (options.skipSampling ?? []).some((t) => sameName(t, table.name));
      const candidates = skip || sampleRows === 0 ? [] : table.columns.filter(isSampledColumn);
      let samples = new Map<string, ColumnSample>();
      if (candidates.length > 0) {
        const sample = () =>
          sampleTable(
            client,
            table,
            candidates,
            sampleRows,
            estimatedRows(catalog, table),
            sampleLimits,
          );
        try {
          const read = savepoints
            ? await inSavepoint(client, 'confiture_sample', sample)
            : await sample();
          samples = read.samples;
          sampling[formatQualifiedName(table.name)] = read.info;
        } catch (error) {
          problems.push({
            table: formatQualifiedName(table.name),
            message: `values not sampled: ${(error as Error).message}`,
          });
        }
      }
      for (const column of table.columns) {
        const sample = samples.get(column.name);
        if (sample?.truncated) {
          readInPart.push({
            table: formatQualifiedName(table.name),
            column: column.name,
            values: sample.truncated,
          });
        }
        columns.push(
          classifyColumn({ table: table.name, column, ...(sample ? { sample } : {}), threshold }),
        );
      }
    }
  } finally {
    if (own) await client.query('COMMIT').catch(() => undefined);
  }
  return {
    database: catalog.database,
    columns,
    sampling,
    problems,
    threshold,
    sampleRows,
    sampleLimits,
    readInPart,
    durationMs: Date.now() - started,
  };
}

/** The planner's row estimate, summed over partitions for a partitioned table. */
function estimatedRows(catalog: DatabaseCatalog, table: CatalogTable): number {
  if (table.kind !== 'partitioned') return table.estimatedRows;
  return catalog.tables
    .filter((t) => t.parent && sameName(t.parent, table.name))
    .reduce((sum, t) => sum + Math.max(0, t.estimatedRows), 0);
}
