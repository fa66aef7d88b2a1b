import { buildMatrix } from './matrix';
import { renderMatrixHtml, renderMatrixMarkdown } from './matrix-render';
import { REGULATION_IDS } from './regulation-id';

describe('buildMatrix', () => {
  it('groups requirements by theme, with who demands what', () => {
    const matrix = buildMatrix(['gdpr', 'lgpd']);
    const breach = matrix.themes.find((t) => t.theme === 'breach')!;
    expect(breach.demandedBy).toEqual(['gdpr', 'lgpd']);
    expect(breach.cells[0]!.requirements.map((r) => r.reference)).toEqual(['Art. 33(5)']);
    expect(breach.commonEvidence).toEqual(['breach_register']);
  });

  it('computes the intersection and the union of themes', () => {
    const all = buildMatrix(REGULATION_IDS);
    expect(all.union).toEqual(
      expect.arrayContaining(['security', 'breach', 'transfers', 'subject_rights']),
    );
    expect(all.intersection).toEqual(
      expect.arrayContaining(['security', 'breach', 'minimisation']),
    );
    expect(all.intersection.length).toBeLessThanOrEqual(all.union.length);
  });

  it('finds the strictest deadlines of the union and keeps the laws without a figure apart', () => {
    const matrix = buildMatrix(['gdpr', 'lgpd', 'pipl', 'ccpa']);
    const authority = matrix.strictest.find((s) => s.subject === 'breach notice to authority')!;
    expect(authority.fixed).toEqual(
      expect.objectContaining({ regulation: 'gdpr', rule: '72 hours' }),
    );
    expect(authority.unfixed).toEqual([
      expect.objectContaining({ regulation: 'pipl', wording: 'immediately (立即)' }),
    ]);
    const access = matrix.strictest.find((s) => s.subject === 'access request')!;
    expect(access.fixed).toEqual(
      expect.objectContaining({ regulation: 'lgpd', rule: '15 calendar days' }),
    );
  });

  it('lists the known conflicts among the chosen laws with a recommendation', () => {
    const matrix = buildMatrix(['gdpr', 'ccpa']);
    const erasure = matrix.conflicts.find((c) => c.id === 'erasure-vs-retention')!;
    expect(erasure.recommendation).toContain('crypto-shredding');
    expect(buildMatrix(['pipeda']).conflicts.map((c) => c.id)).toEqual(['erasure-vs-retention']);
  });

  it('renders Markdown and self-contained HTML', () => {
    const matrix = buildMatrix(['gdpr', 'popia']);
    expect(renderMatrixMarkdown(matrix)).toContain(
      '| breach | Art. 33(5) Documentation of personal data breaches | s 22 Notification of security compromises |',
    );
    const html = renderMatrixHtml(matrix);
    expect(html).toContain('<h2>Known conflicts and the recommended approach</h2>');
    expect(html).not.toMatch(/<script|<link/);
  });
});
