import {
  BREACH_HEADERS,
  breachRows,
  chainRows,
  COLUMN_HEADERS,
  columnRows,
  limitsText,
  recordRows,
  REPORT_SECTIONS,
  reportTitle,
  RIGHT_HEADERS,
  rightRows,
  STATUS_LABELS,
} from './report-sections';
import type { ComplianceReport } from './report-schema';

/** Text from a record or config, safe inside Markdown (and any HTML a viewer makes of it). */
export function mdText(value: string | number | boolean | undefined): string {
  return (
    String(value ?? '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/([\\`*[\]|])/g, '\\$1')
      // Underscores inside words (column names) never make emphasis; others might.
      .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
      .replace(/\r?\n/g, ' ')
  );
}

function table(head: string[], rows: (string | number | boolean | undefined)[][]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(mdText).join(' | ')} |`),
  ];
}

/** A report as Markdown: the same sections as the HTML and PDF renderings. */
export function renderReportMarkdown(report: ComplianceReport): string {
  const s = report.summary;
  const lines = [
    `# ${mdText(reportTitle(report))}`,
    '',
    `${mdText(report.regulation.name)} · ${mdText(report.regulation.jurisdiction)} · generated ${report.generatedAt} · report ${report.id}`,
    '',
    `## ${REPORT_SECTIONS.summary}`,
    '',
    `Coverage **${s.coveragePercent}%**: ${s.met} met, ${s.partial} partial, ${s.unmet} unmet, ${s.notApplicable} not applicable. Database ${mdText(report.evidence.database)}, last sync ${mdText(report.evidence.lastSync.runId)} (${mdText(report.evidence.lastSync.status)}, verification ${report.evidence.lastSync.verification.state}).`,
    '',
    `## ${REPORT_SECTIONS.record}`,
    '',
    ...table(['Field', 'Value'], recordRows(report)),
    '',
    `## ${REPORT_SECTIONS.columns}`,
    '',
    ...table(COLUMN_HEADERS, columnRows(report)),
    '',
    `## ${REPORT_SECTIONS.requirements}`,
    '',
  ];
  for (const r of report.requirements) {
    lines.push(`### ${STATUS_LABELS[r.status]} ${mdText(r.reference)}: ${mdText(r.title)}`, '');
    for (const e of r.evidence)
      lines.push(`- ${STATUS_LABELS[e.status]} ${mdText(e.kind)}: ${mdText(e.finding)}`);
    for (const hint of r.remediation) lines.push(`- remediation: ${mdText(hint)}`);
    lines.push(`- source: ${mdText(r.source)}`, '');
  }
  lines.push(
    `## ${REPORT_SECTIONS.rights}`,
    '',
    ...table(RIGHT_HEADERS, rightRows(report)),
    '',
    `## ${REPORT_SECTIONS.breach}`,
    '',
    ...table(BREACH_HEADERS, breachRows(report)),
    '',
    `## ${REPORT_SECTIONS.chains}`,
    '',
    ...table(['Ledger', 'State', 'Detail'], chainRows(report)),
    '',
    `## ${REPORT_SECTIONS.limits}`,
    '',
    ...limitsText(report).map((line) => `- ${mdText(line)}`),
    '',
  );
  return lines.join('\n');
}
