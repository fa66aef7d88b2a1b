import { formatQualifiedName, type Profile } from '@confiture/domain';
import type pg from 'pg';
import {
  compareSnapshots,
  readLastAudit,
  snapshotOf,
  storeAudit,
  type ColumnChanges,
  type StoreOutcome,
} from './audit-store';
import type { Evidence } from './classify-column';
import { coverageOf, isUnmapped, type Coverage } from './coverage';
import {
  detectPii,
  type DetectPiiOptions,
  type PiiDetection,
  type SamplingProblem,
} from './detect-pii';
import type { SampleLimits } from './sample-columns';
import type { PiiKind, ValueKind } from './pii-kind';

/** Options of {@link auditPii}. */
export interface AuditPiiOptions extends Pick<
  DetectPiiOptions,
  'sampleRows' | 'sampleLimits' | 'threshold' | 'statementTimeoutMs'
> {
  /** When given, each PII column says whether (and how) the profile covers it. */
  profile?: Profile;
  /** Compare with the last stored audit and list columns that appeared or changed type. */
  warnOnNewColumns?: boolean;
  /**
   * Store this audit in the database's `confiture` schema. Default false: an audit of a production
   * source writes nothing to it unless asked.
   */
  store?: boolean;
}

/** One PII column in an audit report. */
export interface AuditedColumn {
  table: string;
  column: string;
  type: string;
  kind: PiiKind;
  contains: ValueKind[];
  confidence: number;
  evidence: Evidence[];
  jsonPaths: string[];
  /** Present when a profile was given. */
  coverage?: Coverage;
}

/** What `confiture audit-pii` reports. */
export interface PiiAuditReport {
  database: string;
  auditedAt: string;
  profile?: { name: string; file?: string; sha256: string };
  summary: {
    tables: number;
    columns: number;
    piiColumns: number;
    /** PII columns the profile does not cover (when a profile was given). */
    unmapped?: number;
  };
  columns: AuditedColumn[];
  /** With `warnOnNewColumns`: changes since the last stored audit. */
  changes?: ColumnChanges & {
    /** When the audit compared with was made; absent when this is the first (the baseline). */
    since?: string;
    baseline: boolean;
  };
  store: StoreOutcome;
  problems: SamplingProblem[];
  sampleRows: number;
  /** How much of each value was read. */
  sampleLimits: SampleLimits;
  /** Columns whose sampled values were longer than that, read in part (counts only). */
  readInPart: PiiDetection['readInPart'];
  durationMs: number;
}

/**
 * Audits a database for PII: every PII column with its kind, evidence, confidence and (given a
 * profile) coverage; optionally the columns that appeared or changed type since the last audit,
 * which is stored in the database's `confiture` schema when the session may write there.
 */
export async function auditPii(
  client: pg.ClientBase,
  options: AuditPiiOptions = {},
): Promise<PiiAuditReport> {
  const started = Date.now();
  const previous = options.warnOnNewColumns ? await readLastAudit(client) : undefined;
  // The profile's cut-offs, when one is given, unless the caller sets its own.
  const limits = options.profile?.global.piiDetection;
  const sampleRows = options.sampleRows ?? limits?.sampleRows;
  const detection = await detectPii(client, {
    ...(sampleRows !== undefined ? { sampleRows } : {}),
    ...(options.sampleLimits || limits
      ? {
          sampleLimits: {
            ...(limits
              ? { maxValueChars: limits.maxValueChars, maxJsonChars: limits.maxJsonChars }
              : {}),
            ...options.sampleLimits,
          },
        }
      : {}),
    ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
    ...(options.statementTimeoutMs !== undefined
      ? { statementTimeoutMs: options.statementTimeoutMs }
      : {}),
  });
  const profile = options.profile;
  const columns: AuditedColumn[] = detection.columns
    .filter((c) => c.pii && c.kind)
    .map((c) => ({
      table: formatQualifiedName(c.table),
      column: c.column,
      type: c.type,
      kind: c.kind!,
      contains: c.contains,
      confidence: c.confidence,
      evidence: c.evidence,
      jsonPaths: c.jsonPaths,
      ...(profile ? { coverage: coverageOf(profile, c) } : {}),
    }));
  const snapshot = snapshotOf(detection.columns);
  const tables = new Set(snapshot.map((c) => c.table)).size;
  const summary: PiiAuditReport['summary'] = {
    tables,
    columns: snapshot.length,
    piiColumns: columns.length,
    ...(profile
      ? { unmapped: columns.filter((c) => c.coverage && isUnmapped(c.coverage)).length }
      : {}),
  };
  const store =
    options.store !== true
      ? { stored: false, reason: 'not asked to record it (--record)' }
      : await storeAudit(client, detection.database, snapshot, summary);
  return {
    database: detection.database,
    auditedAt: new Date(started).toISOString(),
    ...(profile
      ? {
          profile: {
            name: profile.name,
            ...(profile.file ? { file: profile.file } : {}),
            sha256: profile.sha256,
          },
        }
      : {}),
    summary,
    columns,
    ...(options.warnOnNewColumns
      ? {
          changes: previous
            ? {
                ...compareSnapshots(previous.columns, snapshot),
                since: previous.auditedAt,
                baseline: false,
              }
            : { added: [], typeChanged: [], removed: [], baseline: true },
        }
      : {}),
    store,
    problems: detection.problems,
    sampleRows: detection.sampleRows,
    sampleLimits: detection.sampleLimits,
    readInPart: detection.readInPart,
    durationMs: Date.now() - started,
  };
}
