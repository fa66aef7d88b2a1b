import {
  formatQualifiedName,
  type RuleSample,
  type SyncReport,
  type TableReport,
  type VerificationResult,
} from '@confiture/domain';
import type { DatabaseCatalog } from '../catalog';
import type { SyncPlan } from '../plan/plan';
import type { RunContext } from './run-context';

/** Report rows for every planned table, before any copy. */
export function plannedTables(plan: SyncPlan): TableReport[] {
  return plan.tables.map((table) => ({
    table: formatQualifiedName(table.name),
    kind: table.kind,
    rows: 0,
    copiedRows: 0,
    chunks: 0,
    excluded: table.excluded,
    ...(table.excludedBy ? { excludedBy: table.excludedBy } : {}),
    filtered: table.filter !== undefined,
    ...(table.sample ? { sampleRate: table.sample.rate } : {}),
    orphansDropped: 0,
    parentsIncluded: 0,
    anonymized: table.columns.flatMap((c) =>
      c.rule && c.rule.type !== 'preserve'
        ? [{ column: c.name, strategy: c.rule.strategy, type: c.rule.type }]
        : [],
    ),
    durationMs: 0,
  }));
}

/** What a report says beyond what the run context knows. */
export interface ReportParts {
  status: SyncReport['status'];
  catalog: DatabaseCatalog;
  tables: TableReport[];
  samples?: RuleSample[];
  runId?: string;
  resumed?: boolean;
  /** COPY bytes read from the source by this run's committed chunks. */
  bytesRead?: number;
  verification?: VerificationResult;
  auditEntry?: string;
}

/** The report of a run as of now: its timings and warnings so far, and `parts`. */
export function syncReport(run: RunContext, parts: ReportParts): SyncReport {
  const { options } = run;
  const finished = new Date();
  const { tables } = parts;
  return {
    ...(parts.runId ? { runId: parts.runId } : {}),
    status: parts.status,
    resumed: parts.resumed ?? false,
    source: options.source.label,
    target: options.target.label,
    profile: {
      name: options.profile.name,
      ...(options.profile.version ? { version: options.profile.version } : {}),
      sha256: options.profile.sha256,
      ...(options.profile.file ? { file: options.profile.file } : {}),
    },
    startedAt: run.startedAt.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - run.startedAt.getTime(),
    source_database: {
      sizeBytes: parts.catalog.sizeBytes,
      tables: parts.catalog.tables.length,
      serverVersion: parts.catalog.serverVersion,
    },
    tables,
    totals: {
      tables: tables.length,
      rows: tables.reduce((n, t) => n + t.copiedRows, 0),
      anonymizedColumns: tables.reduce((n, t) => n + (t.excluded ? 0 : t.anonymized.length), 0),
      bytesRead: parts.bytesRead ?? 0,
    },
    phases: run.durations,
    ...(parts.samples ? { samples: parts.samples } : {}),
    warnings: run.warnings,
    ...(parts.verification ? { verification: parts.verification } : {}),
    ...(parts.auditEntry ? { auditEntry: parts.auditEntry } : {}),
  };
}

/** The planned tables with what the run wrote to each: rows copied, orphans dropped, rows left. */
export function writtenTables(
  plan: SyncPlan,
  copied: ReadonlyMap<string, { chunks: number; copiedRows: number; durationMs: number }>,
  orphans: ReadonlyMap<string, number>,
  parents: ReadonlyMap<string, number> = new Map(),
): TableReport[] {
  return plannedTables(plan).map((table) => {
    const done = copied.get(table.table);
    const copiedRows = done?.copiedRows ?? 0;
    const orphansDropped = orphans.get(table.table) ?? 0;
    const parentsIncluded = parents.get(table.table) ?? 0;
    return {
      ...table,
      chunks: done?.chunks ?? 0,
      copiedRows,
      orphansDropped,
      parentsIncluded,
      // What the sync wrote; verification replaces it with a count of the target's rows.
      rows: table.excluded ? 0 : copiedRows + parentsIncluded - orphansDropped,
      durationMs: done?.durationMs ?? 0,
    };
  });
}
