import PDFDocument from 'pdfkit';
import { describeFigure } from './render-text';
import {
  chainRows,
  limitsText,
  recordRows,
  REPORT_SECTIONS,
  reportTitle,
  STATUS_LABELS,
} from './report-sections';
import type { ComplianceReport } from './report-schema';

/**
 * Text the PDF's standard fonts can show: they cover WinAnsi (Latin-1 and common punctuation)
 * only, so accents are kept, other scripts become `?` (the JSON, Markdown and HTML keep them).
 */
export function pdfText(value: string | number | boolean | undefined): string {
  return String(value ?? '')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/[^\t\n\r\u0020-\u007e\u00a0-\u00ff]/g, '?');
}

/**
 * A report as a PDF (A4, standard fonts, the same sections as the HTML), built with pdfkit in
 * memory. The document's metadata dates are the report's own, so one report gives one file.
 */
export function renderReportPdf(report: ComplianceReport): Promise<Buffer> {
  const generated = new Date(report.generatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: {
      Title: pdfText(reportTitle(report)),
      Creator: 'confiture',
      CreationDate: generated,
      ModDate: generated,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const heading = (text: string) => {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).fillColor('#1d232a').text(pdfText(text));
    doc.moveDown(0.2).font('Helvetica').fontSize(9).fillColor('#1d232a');
  };
  const line = (text: string, options: { bold?: string; indent?: number } = {}) => {
    if (options.bold) {
      doc
        .font('Helvetica-Bold')
        .text(pdfText(options.bold), { continued: true, indent: options.indent ?? 0 });
      doc.font('Helvetica').text(' ' + pdfText(text));
    } else {
      doc.font('Helvetica').text(pdfText(text), { indent: options.indent ?? 0 });
    }
  };
  const s = report.summary;
  doc
    .font('Helvetica-Bold')
    .fontSize(17)
    .text(pdfText(reportTitle(report)));
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#57606a')
    .text(
      pdfText(
        `${report.regulation.name} · ${report.regulation.jurisdiction} · generated ${report.generatedAt} · report ${report.id}`,
      ),
    );
  heading(REPORT_SECTIONS.summary);
  line(
    `${s.coveragePercent}% coverage: ${s.met} met, ${s.partial} partial, ${s.unmet} unmet, ${s.notApplicable} not applicable.`,
  );
  line(
    `Database ${report.evidence.database}, last sync ${report.evidence.lastSync.runId} (${report.evidence.lastSync.status}, verification ${report.evidence.lastSync.verification.state}).`,
  );
  heading(REPORT_SECTIONS.record);
  for (const [label, value] of recordRows(report)) line(value, { bold: `${label}:` });
  heading(REPORT_SECTIONS.columns);
  for (const c of report.evidence.columns) {
    line(
      `${c.strategy}; ${c.category ?? 'not flagged by PII detection'}; ${c.rows} rows; reversible: ${c.reversible ? `yes (${c.keyLocation})` : 'no'}; verification ${c.verification}: ${c.verificationDetail}`,
      { bold: `${c.table}.${c.column}:` },
    );
  }
  if (report.evidence.columns.length === 0)
    line('No anonymized column is recorded for the last sync.');
  heading(REPORT_SECTIONS.requirements);
  for (const r of report.requirements) {
    doc.moveDown(0.3);
    line(`${r.reference}: ${r.title}`, { bold: `[${STATUS_LABELS[r.status]}]` });
    for (const o of r.evidence)
      line(`${o.kind}: ${o.finding}`, { bold: `  ${STATUS_LABELS[o.status]}`, indent: 12 });
    for (const h of r.remediation) line(h, { bold: '  Remediation:', indent: 12 });
    doc.fillColor('#57606a');
    line(`Source: ${r.source}`, { indent: 12 });
    doc.fillColor('#1d232a');
  }
  heading(REPORT_SECTIONS.rights);
  for (const r of report.rights) {
    line(
      `${describeFigure(r.deadline)}${r.extension ? `; extension ${describeFigure(r.extension)}, ${r.extension.condition}` : ''}`,
      { bold: `${r.right} (${r.reference}):` },
    );
  }
  heading(REPORT_SECTIONS.breach);
  for (const b of report.breachRules)
    line(`${describeFigure(b.deadline)}; runs ${b.runsFrom}; threshold: ${b.threshold}`, {
      bold: `${b.to}:`,
    });
  heading(REPORT_SECTIONS.chains);
  for (const [ledger, state, detail] of chainRows(report))
    line(detail, { bold: `${ledger} ${state}:` });
  heading(REPORT_SECTIONS.limits);
  for (const l of limitsText(report)) line(`- ${l}`);
  doc.end();
  return done;
}
