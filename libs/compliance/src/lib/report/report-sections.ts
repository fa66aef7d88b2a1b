import { describeFigure } from './render-text';
import type { ComplianceReport } from './report-schema';

/** Section titles shared by the Markdown, HTML and PDF renderings (tests look for them). */
export const REPORT_SECTIONS = {
  summary: 'Summary',
  record: 'Record of processing',
  columns: 'Anonymized columns',
  requirements: 'Requirements',
  rights: 'Data-subject rights',
  breach: 'Breach notification rules',
  chains: 'Evidence chains',
  limits: 'What this report proves, and what it cannot',
} as const;

/** Status labels as printed. */
export const STATUS_LABELS = {
  met: 'MET',
  partial: 'PARTIAL',
  unmet: 'UNMET',
  not_applicable: 'N/A',
} as const;

/** The title of a report. */
export function reportTitle(report: ComplianceReport): string {
  return `${report.regulation.shortName} compliance report: ${report.regulation.recordTitle}`;
}

/** The record-of-processing rows, label → value ('not declared' when absent). */
export function recordRows(report: ComplianceReport): [string, string][] {
  const r = report.record;
  const or = (value: string | undefined | string[]) =>
    Array.isArray(value)
      ? value.length > 0
        ? value.join('; ')
        : 'not declared'
      : (value ?? 'not declared');
  return [
    ['Controller', or(r.controller)],
    ['Data protection officer', or(r.dpo)],
    ['Purposes and legal basis', or(r.purposes)],
    ['Categories of data subjects', or(r.dataSubjects)],
    ['Categories of personal data', or(r.dataCategories)],
    ['Recipients', or(r.recipients)],
    ['Transfers', or(r.transfers)],
    ['Retention', or(r.retention)],
    ['Security measures (from the records)', or(r.securityMeasures)],
  ];
}

/** The chains as rows: ledger, state, entries, head or first problem. */
export function chainRows(report: ComplianceReport): [string, string, string][] {
  return Object.values(report.evidence.chains).map((c) => [
    `confiture.${c.ledger}`,
    c.ok ? 'verified' : 'BROKEN',
    c.ok
      ? `${c.entries} entries, head ${c.head.sequence} ${c.head.entryHash.slice(0, 16)}`
      : `entry ${c.firstProblem?.sequence} ${c.firstProblem?.kind}: ${c.firstProblem?.message}`,
  ]);
}

/** The fixed text of the limits section. */
export function limitsText(report: ComplianceReport): string[] {
  return [
    report.disclaimer,
    `Based on sync run ${report.evidence.lastSync.runId} (audit entry #${report.evidence.lastSync.auditSequence}) of database ${report.evidence.database}, read at ${report.evidence.readAt}.`,
    'The SHA-256 of this file is signed into confiture.audit_log when it is issued; check it with `confiture compliance verify-report <file> --env <database>`.',
    ...report.notes,
  ];
}

/** The anonymized-columns table: headers and one row per column. */
export const COLUMN_HEADERS = [
  'Table',
  'Column',
  'Category',
  'Strategy',
  'Reversible',
  'Verification',
  'Rows',
];

/** One row per anonymized column of the last sync, in {@link COLUMN_HEADERS} order. */
export function columnRows(report: ComplianceReport): (string | number)[][] {
  return report.evidence.columns.map((c) => [
    c.table,
    c.column,
    c.category ?? 'not flagged by PII detection',
    c.strategy,
    c.reversible ? `yes: ${c.keyLocation}` : 'no',
    `${c.verification}: ${c.verificationDetail}`,
    c.rows,
  ]);
}

/** The rights table: headers and one row per right. */
export const RIGHT_HEADERS = ['Right', 'Reference', 'Deadline', 'Extension'];

/** One row per data-subject right, in {@link RIGHT_HEADERS} order. */
export function rightRows(report: ComplianceReport): string[][] {
  return report.rights.map((r) => [
    r.right,
    r.reference,
    describeFigure(r.deadline),
    r.extension ? `${describeFigure(r.extension)} (${r.extension.condition})` : 'none',
  ]);
}

/** The breach rules table: headers and one row per rule. */
export const BREACH_HEADERS = ['To', 'Deadline', 'Runs from', 'Threshold'];

/** One row per breach notice rule, in {@link BREACH_HEADERS} order. */
export function breachRows(report: ComplianceReport): string[][] {
  return report.breachRules.map((b) => [b.to, describeFigure(b.deadline), b.runsFrom, b.threshold]);
}
