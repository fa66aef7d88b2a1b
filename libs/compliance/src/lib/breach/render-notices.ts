import { getCatalog } from '../catalog-registry';
import type { ComplianceConfig } from '../compliance-config';
import type { Deadline } from '../deadlines';
import { mdText } from '../report/render-markdown';
import { REPORT_CSS } from '../report/render-html';
import { escapeHtml as e } from '../report/render-text';
import type { DueNotice, IncidentNotices } from './breach-notices';

/** A deadline in one line: `2026-03-04T13:30:00.000Z (2026-03-04T14:30:00.000+01:00 Europe/Brussels)`. */
export function describeDeadline(deadline: Deadline): string {
  return deadline.kind === 'fixed'
    ? `${deadline.dueAt} (${deadline.dueLocal} ${deadline.timeZone}; ${deadline.rule})`
    : deadline.text;
}

function state(notice: DueNotice): string {
  if (notice.notifiedAt) return `sent ${notice.notifiedAt}`;
  if (notice.overdue) return 'OVERDUE';
  return notice.obligation === 'not_required' ? 'not required' : 'open';
}

function contact(config: ComplianceConfig | undefined): string {
  if (!config) return '[controller name and contact: give --config compliance.yaml]';
  const dpo =
    config.dpo && !('required' in config.dpo)
      ? `; DPO ${config.dpo.name} (${config.dpo.contact})`
      : '';
  return `${config.controller.name} (${config.controller.contact})${dpo}`;
}

/** The notices of an incident as Markdown drafts: one section per notice, the law's content as a checklist. */
export function renderNoticesMarkdown(notices: IncidentNotices, config?: ComplianceConfig): string {
  const i = notices.incident;
  const lines = [
    `# Breach notices for incident ${i.id}`,
    '',
    `Detected ${i.detectedAt} · severity ${i.severity} · ${i.subjects} data subjects · categories ${i.categories.join(', ')} · regions ${i.regions.join(', ')} · record ${i.proof}`,
    '',
    "Drafts to complete: the deadlines are computed from each law's rule; the content lists what the law requires. This is not legal advice.",
    '',
  ];
  if (notices.uncovered.length > 0)
    lines.push(`No catalogued regulation for: ${notices.uncovered.join(', ')}.`, '');
  for (const regulation of notices.regulations) {
    lines.push(
      `## ${mdText(getCatalog(regulation.regulation).shortName)} (${regulation.regions.join(', ')})`,
      '',
    );
    for (const n of regulation.notices) {
      lines.push(
        `### To ${mdText(n.to)}: ${n.obligation.replace('_', ' ')} · ${state(n)}`,
        '',
        `- Deadline: ${mdText(describeDeadline(n.deadline))}`,
        `- Runs: ${mdText(n.runsFrom)}`,
        `- Threshold: ${mdText(n.reason)}`,
        `- Source: ${mdText(n.source)}; ${mdText(n.deadline.source)}`,
        '',
        'Draft:',
        '',
        `> From: ${mdText(contact(config))}`,
        `> On ${i.detectedAt} we became aware of a personal data breach affecting about ${i.subjects} people (${i.categories.join(', ')}).`,
        ...n.content.map((item) => `> - [ ] ${mdText(item)}`),
        '',
      );
    }
  }
  return lines.join('\n');
}

/** The same drafts as one self-contained HTML document. */
export function renderNoticesHtml(notices: IncidentNotices, config?: ComplianceConfig): string {
  const i = notices.incident;
  const body = notices.regulations
    .map(
      (regulation) =>
        `<h2>${e(getCatalog(regulation.regulation).shortName)} (${e(regulation.regions.join(', '))})</h2>${regulation.notices
          .map(
            (
              n,
            ) => `<div class="requirement"><h3>To ${e(n.to)}: ${e(n.obligation.replace('_', ' '))} · <span class="status ${n.overdue ? 'unmet' : n.notifiedAt ? 'met' : 'partial'}">${e(state(n))}</span></h3>
<ul><li>Deadline: ${e(describeDeadline(n.deadline))}</li><li>Runs: ${e(n.runsFrom)}</li><li>Threshold: ${e(n.reason)}</li><li class="source">Source: ${e(n.source)}; ${e(n.deadline.source)}</li></ul>
<blockquote><p>From: ${e(contact(config))}</p><p>On ${e(i.detectedAt)} we became aware of a personal data breach affecting about ${e(i.subjects)} people (${e(i.categories.join(', '))}).</p><ul>${n.content.map((c) => `<li>☐ ${e(c)}</li>`).join('')}</ul></blockquote></div>`,
          )
          .join('')}`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Breach notices for incident ${e(i.id)}</title><style>${REPORT_CSS}</style></head><body>
<h1>Breach notices for incident ${e(i.id)}</h1>
<p class="meta">Detected ${e(i.detectedAt)} · severity ${e(i.severity)} · ${e(i.subjects)} data subjects · categories ${e(i.categories.join(', '))} · regions ${e(i.regions.join(', '))} · record ${e(i.proof)}</p>
<p>Drafts to complete: the deadlines are computed from each law's rule; the content lists what the law requires. This is not legal advice.</p>
${notices.uncovered.length > 0 ? `<p>No catalogued regulation for: ${e(notices.uncovered.join(', '))}.</p>` : ''}
${body}
</body></html>
`;
}
