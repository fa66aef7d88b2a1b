import { createHash } from 'node:crypto';
import { ConfitureError } from '@confiture/domain';
import { listAuditEntries, type AuditKey } from '@confiture/security';
import type { ClientBase } from 'pg';
import { appendComplianceEvent } from '../audit-events';
import type { ComplianceConfig } from '../compliance-config';
import { readComplianceEvidence } from '../evidence';
import type { RegulationId } from '../regulation-id';
import { buildReport } from './build-report';
import { renderReportHtml } from './render-html';
import { renderReportMarkdown } from './render-markdown';
import { renderReportPdf } from './render-pdf';
import type { ComplianceReport } from './report-schema';

/** Formats a report renders to. */
export const REPORT_FORMATS = ['json', 'md', 'html', 'pdf'] as const;

/** One of {@link REPORT_FORMATS}. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Options of {@link buildComplianceReport}. */
export interface BuildComplianceReportOptions {
  regulation: RegulationId;
  /** Verifies the signed chains (CONFITURE_AUDIT_KEY). */
  auditKey: AuditKey;
  config?: ComplianceConfig;
  now?: Date;
}

/**
 * A regulation's report for the database `client` is connected to (a sync target, or the daemon's
 * control database): reads the evidence, then builds the report. Throws NOT_FOUND when the
 * database holds no sync record. `GET /compliance/reports/{regulation}` is this call.
 */
export async function buildComplianceReport(
  client: ClientBase,
  options: BuildComplianceReportOptions,
): Promise<ComplianceReport> {
  const evidence = await readComplianceEvidence(client, {
    auditKey: options.auditKey,
    ...(options.config ? { config: options.config } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return buildReport(
    options.regulation,
    evidence,
    options.config,
    options.now ? { now: options.now } : {},
  );
}

/** The bytes of a report in one format (JSON: the document and a newline). */
export async function renderComplianceReport(
  report: ComplianceReport,
  format: ReportFormat,
): Promise<Buffer> {
  switch (format) {
    case 'json':
      return Buffer.from(JSON.stringify(report, null, 2) + '\n', 'utf8');
    case 'md':
      return Buffer.from(renderReportMarkdown(report), 'utf8');
    case 'html':
      return Buffer.from(renderReportHtml(report), 'utf8');
    case 'pdf':
      return renderReportPdf(report);
  }
}

/** The signed record of an issued report. */
export interface IssuedReport {
  report: ComplianceReport;
  format: ReportFormat;
  bytes: Buffer;
  sha256: string;
  /** The audit log entry that holds the SHA-256. */
  auditSequence: number;
}

/**
 * Builds, renders and records a report: its SHA-256 (of exactly the bytes returned) is signed
 * into the audit log as a `compliance-report` event, so the file can later be proven unaltered
 * with {@link findReportRecord} (`confiture compliance verify-report`).
 */
export async function issueComplianceReport(
  client: ClientBase,
  options: BuildComplianceReportOptions & { format: ReportFormat },
): Promise<IssuedReport> {
  const report = await buildComplianceReport(client, options);
  const bytes = await renderComplianceReport(report, options.format);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const entry = await appendComplianceEvent(
    client,
    {
      kind: 'compliance-report',
      id: report.id,
      sha256,
      target: `database ${report.evidence.database}`,
      details: {
        regulation: report.regulation.id,
        format: options.format,
        bytes: bytes.length,
        basedOnRun: report.evidence.lastSync.runId,
        coveragePercent: report.summary.coveragePercent,
      },
    },
    options.auditKey,
  );
  return { report, format: options.format, bytes, sha256, auditSequence: entry.sequence };
}

/** The audit entry that recorded a report with this SHA-256, or NOT_FOUND. */
export async function findReportRecord(
  client: ClientBase,
  bytes: Buffer,
): Promise<{
  sha256: string;
  auditSequence: number;
  recordedAt: string;
  regulation: string;
  reportId: string;
}> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const entries = await listAuditEntries(client, { limit: 100_000 });
  const entry = entries.find(
    (e) =>
      e.verification['confiture_event'] === 'compliance-report' &&
      e.verification['sha256'] === sha256,
  );
  if (!entry) {
    throw new ConfitureError(
      'INTEGRITY_FAILED',
      `no report with SHA-256 ${sha256} is recorded in confiture.audit_log`,
      {
        hint: 'The file was changed after it was issued, or it was issued for another database.',
      },
    );
  }
  return {
    sha256,
    auditSequence: entry.sequence,
    recordedAt: entry.recordedAt,
    regulation: String(entry.verification['regulation']),
    reportId: entry.runId,
  };
}
