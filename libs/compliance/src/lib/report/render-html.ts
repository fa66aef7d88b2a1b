import { escapeHtml as e } from './render-text';
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

/** Inline CSS: readable on screen, printable on A4 (no external font, image or script). */
export const REPORT_CSS = `
  :root { color-scheme: light; }
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1d232a; margin: 2rem auto; max-width: 70rem; padding: 0 1.5rem; }
  h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; border-bottom: 2px solid #d0d7de; padding-bottom: .2rem; margin-top: 2rem; }
  h3 { font-size: 1rem; margin: 1.2rem 0 .3rem; } .meta { color: #57606a; margin: 0 0 1rem; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0; } th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left; vertical-align: top; }
  th { background: #f6f8fa; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
  .status { display: inline-block; min-width: 4.8rem; text-align: center; font-weight: 700; border-radius: 3px; padding: 0 .3rem; font-size: .8rem; }
  .met { background: #dafbe1; color: #116329; } .partial { background: #fff8c5; color: #7d4e00; } .unmet { background: #ffebe9; color: #a40e26; } .not_applicable { background: #eaeef2; color: #57606a; }
  .coverage { font-size: 2rem; font-weight: 700; } ul { margin: .2rem 0 .6rem; } .source { color: #57606a; font-size: .85rem; }
  @media print { body { margin: 0; max-width: none; font-size: 11px; } h2 { break-after: avoid; } tr, .requirement { break-inside: avoid; } a { color: inherit; text-decoration: none; } }
`;

function table(head: string[], rows: (string | number)[][], numeric: number[] = []): string {
  const cells = (row: (string | number)[]) =>
    row
      .map((cell, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${e(cell)}</td>`)
      .join('');
  return `<table><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${cells(r)}</tr>`).join('')}</tbody></table>`;
}

const badge = (status: keyof typeof STATUS_LABELS) =>
  `<span class="status ${status}">${STATUS_LABELS[status]}</span>`;

/**
 * A report as one self-contained HTML document: CSS inline, no external asset, every value from a
 * database, a config or a catalog escaped.
 */
export function renderReportHtml(report: ComplianceReport): string {
  const s = report.summary;
  const sections = [
    `<section id="summary"><h2>${e(REPORT_SECTIONS.summary)}</h2><p><span class="coverage">${s.coveragePercent}%</span> coverage: ${s.met} met, ${s.partial} partial, ${s.unmet} unmet, ${s.notApplicable} not applicable.</p>
     <p>Database <strong>${e(report.evidence.database)}</strong>, last sync <code>${e(report.evidence.lastSync.runId)}</code> (${e(report.evidence.lastSync.status)}, verification ${e(report.evidence.lastSync.verification.state)}), ${report.evidence.columns.length} anonymized column(s).</p></section>`,
    `<section id="record"><h2>${e(REPORT_SECTIONS.record)}</h2>${table(['Field', 'Value'], recordRows(report))}</section>`,
    `<section id="columns"><h2>${e(REPORT_SECTIONS.columns)}</h2>${table(
      COLUMN_HEADERS,
      columnRows(report),
      [6],
    )}</section>`,
    `<section id="requirements"><h2>${e(REPORT_SECTIONS.requirements)}</h2>${report.requirements
      .map(
        (r) =>
          `<div class="requirement"><h3>${badge(r.status)} ${e(r.reference)}: ${e(r.title)}</h3><ul>${r.evidence
            .map(
              (o) => `<li>${badge(o.status)} <strong>${e(o.kind)}</strong>: ${e(o.finding)}</li>`,
            )
            .join(
              '',
            )}${r.remediation.map((h) => `<li><em>Remediation:</em> ${e(h)}</li>`).join('')}</ul><p class="source">Source: ${e(r.source)}</p></div>`,
      )
      .join('')}</section>`,
    `<section id="rights"><h2>${e(REPORT_SECTIONS.rights)}</h2>${table(
      RIGHT_HEADERS,
      rightRows(report),
    )}</section>`,
    `<section id="breach"><h2>${e(REPORT_SECTIONS.breach)}</h2>${table(
      BREACH_HEADERS,
      breachRows(report),
    )}</section>`,
    `<section id="chains"><h2>${e(REPORT_SECTIONS.chains)}</h2>${table(['Ledger', 'State', 'Detail'], chainRows(report))}</section>`,
    `<section id="limits"><h2>${e(REPORT_SECTIONS.limits)}</h2><ul>${limitsText(report)
      .map((l) => `<li>${e(l)}</li>`)
      .join('')}</ul></section>`,
  ];
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(reportTitle(report))}</title><style>${REPORT_CSS}</style></head>
<body><header><h1>${e(reportTitle(report))}</h1><p class="meta">${e(report.regulation.name)} · ${e(report.regulation.jurisdiction)} · generated ${e(report.generatedAt)} · report ${e(report.id)}</p></header>
${sections.join('\n')}
</body></html>
`;
}
