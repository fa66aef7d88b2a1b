import { mdText } from './report/render-markdown';
import { escapeHtml as e } from './report/render-text';
import { REPORT_CSS } from './report/render-html';
import { STATUS_LABELS } from './report/report-sections';
import type { RegulationMatrix } from './matrix';

const cellText = (cell: RegulationMatrix['themes'][number]['cells'][number]) =>
  cell.requirements.length === 0
    ? '-'
    : cell.requirements
        .map((r) => `${r.status ? `[${STATUS_LABELS[r.status]}] ` : ''}${r.reference} ${r.title}`)
        .join('; ');

/** Section titles of the matrix renderings. */
export const MATRIX_SECTIONS = {
  themes: 'Requirements by theme',
  sets: 'Intersection and union',
  strictest: 'Strictest deadlines of the union',
  conflicts: 'Known conflicts and the recommended approach',
} as const;

function strictestLine(s: RegulationMatrix['strictest'][number]): string {
  const fixed = s.fixed
    ? `${s.fixed.rule} (${s.fixed.regulation}: ${s.fixed.source})`
    : 'no fixed figure';
  const unfixed = s.unfixed.map((u) => `${u.regulation}: "${u.wording}"`).join('; ');
  return `${s.subject}: shortest fixed ${fixed}${unfixed ? `; without a figure: ${unfixed}` : ''}`;
}

/** The matrix as Markdown. */
export function renderMatrixMarkdown(matrix: RegulationMatrix): string {
  const ids = matrix.regulations.map((r) => r.shortName);
  const lines = [
    `# Cross-regulation matrix: ${mdText(ids.join(', '))}`,
    '',
    `## ${MATRIX_SECTIONS.themes}`,
    '',
    `| Theme | ${ids.map(mdText).join(' | ')} |`,
    `| --- | ${ids.map(() => '---').join(' | ')} |`,
    ...matrix.themes.map(
      (t) => `| ${t.theme} | ${t.cells.map((c) => mdText(cellText(c))).join(' | ')} |`,
    ),
    '',
    `## ${MATRIX_SECTIONS.sets}`,
    '',
    `- Intersection (every law): ${matrix.intersection.join(', ') || 'none'}`,
    `- Union (any law): ${matrix.union.join(', ')}`,
    ...matrix.themes
      .filter((t) => t.allEvidence.length > 0)
      .map(
        (t) =>
          `- ${t.theme}: evidence for all: ${t.allEvidence.join(', ')}; common to all: ${t.commonEvidence.join(', ') || 'none'}`,
      ),
    '',
    `## ${MATRIX_SECTIONS.strictest}`,
    '',
    ...matrix.strictest.map((s) => `- ${mdText(strictestLine(s))}`),
    '',
    `## ${MATRIX_SECTIONS.conflicts}`,
    '',
  ];
  for (const c of matrix.conflicts) {
    lines.push(
      `### ${mdText(c.title)}`,
      '',
      mdText(c.description),
      '',
      `Recommended: ${mdText(c.recommendation)}`,
      '',
      `Sources: ${mdText(c.sources.join('; '))}`,
      '',
    );
  }
  if (matrix.conflicts.length === 0) lines.push('None known among these regulations.', '');
  return lines.join('\n');
}

/** The matrix as one self-contained HTML document. */
export function renderMatrixHtml(matrix: RegulationMatrix): string {
  const ids = matrix.regulations.map((r) => r.shortName);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Cross-regulation matrix: ${e(ids.join(', '))}</title><style>${REPORT_CSS}</style></head><body>
<h1>Cross-regulation matrix: ${e(ids.join(', '))}</h1>
<h2>${MATRIX_SECTIONS.themes}</h2><table><thead><tr><th>Theme</th>${ids.map((i) => `<th>${e(i)}</th>`).join('')}</tr></thead><tbody>
${matrix.themes.map((t) => `<tr><th>${e(t.theme)}</th>${t.cells.map((c) => `<td>${e(cellText(c))}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>
<h2>${MATRIX_SECTIONS.sets}</h2><ul><li>Intersection (every law): ${e(matrix.intersection.join(', ') || 'none')}</li><li>Union (any law): ${e(matrix.union.join(', '))}</li>
${matrix.themes
  .filter((t) => t.allEvidence.length > 0)
  .map(
    (t) =>
      `<li>${e(t.theme)}: evidence for all: ${e(t.allEvidence.join(', '))}; common to all: ${e(t.commonEvidence.join(', ') || 'none')}</li>`,
  )
  .join('')}</ul>
<h2>${MATRIX_SECTIONS.strictest}</h2><ul>${matrix.strictest.map((s) => `<li>${e(strictestLine(s))}</li>`).join('')}</ul>
<h2>${MATRIX_SECTIONS.conflicts}</h2>${
    matrix.conflicts
      .map(
        (c) =>
          `<h3>${e(c.title)}</h3><p>${e(c.description)}</p><p><strong>Recommended:</strong> ${e(c.recommendation)}</p><p class="source">Sources: ${e(c.sources.join('; '))}</p>`,
      )
      .join('') || '<p>None known among these regulations.</p>'
  }
</body></html>
`;
}
