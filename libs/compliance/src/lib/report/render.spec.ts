import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEvidence, fullConfig } from '../../test-support/evidence-fixture';
import { buildReport } from './build-report';
import { renderComplianceReport } from './compliance-report';
import { REPORT_SECTIONS } from './report-sections';
import { complianceReportSchema } from './report-schema';

const HOSTILE = '<script>document.title="pwned"</script><img src=x onerror=alert(1)>';
const now = new Date('2026-03-02T10:00:00Z');

function hostileReport() {
  const evidence = cleanEvidence();
  evidence.columns[0] = {
    ...evidence.columns[0]!,
    table: `public."${HOSTILE}"`,
    column: `${HOSTILE}|x`,
  };
  return buildReport(
    'gdpr',
    evidence,
    fullConfig({ controller: { name: HOSTILE, contact: 'a@b' } }),
    { now, id: '2a4f9c1e-8d3b-4c6a-9e7f-0b1c2d3e4f5a' },
  );
}

const pdftotext = spawnSync('pdftotext', ['-v']).error === undefined;
const requireTools = process.env['CONFITURE_REQUIRE_BROWSER'] === '1';

describe('report rendering', () => {
  it('builds a report that its JSON schema accepts, with a coverage figure', () => {
    const report = buildReport('gdpr', cleanEvidence(), fullConfig(), { now });
    expect(complianceReportSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
    expect(report.summary).toEqual({
      met: 10,
      partial: 1,
      unmet: 0,
      notApplicable: 1,
      coveragePercent: 90,
    });
    expect(report.requirements.find((r) => r.id === 'art12-rights')).toEqual(
      expect.objectContaining({
        status: 'partial',
        remediation: [expect.stringContaining('register of requests')],
      }),
    );
  });

  it('without compliance.yaml, the declared facts are unmet, never met', () => {
    const report = buildReport('gdpr', cleanEvidence(), undefined, { now });
    expect(report.requirements.find((r) => r.id === 'art30-record')!.status).toBe('partial');
    expect(report.requirements.find((r) => r.id === 'art6-lawful-basis')!.status).toBe('unmet');
    expect(report.requirements.find((r) => r.id === 'art5-accountability')!.status).toBe('met');
  });

  it('escapes every value from the records and the config in HTML', async () => {
    const html = (await renderComplianceReport(hostileReport(), 'html')).toString('utf8');
    expect(html).not.toContain('<script>document');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;');
    expect(html).not.toMatch(/<link|src=["']?http|@import|url\(/);
  });

  it('escapes table cells and markup in Markdown', async () => {
    const md = (await renderComplianceReport(hostileReport(), 'md')).toString('utf8');
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;');
    expect(md).toContain('\\|x');
    for (const title of Object.values(REPORT_SECTIONS)) expect(md).toContain(`## ${title}`);
  });

  it('never puts a secret or value into the report: only names, strategies and counts', async () => {
    const json = (
      await renderComplianceReport(
        buildReport('ccpa', cleanEvidence(), fullConfig(), { now }),
        'json',
      )
    ).toString('utf8');
    expect(
      JSON.parse(json).evidence.columns.map(
        (c: { column: string; strategy: string }) => `${c.column}:${c.strategy}`,
      ),
    ).toEqual(['email:email', 'ssn:tokenize']);
    expect(json).not.toMatch(/reason":/);
  });

  (pdftotext || requireTools ? it : it.skip)(
    `renders a PDF whose text has the same section titles${pdftotext ? '' : ' (skipped: pdftotext is not installed; apt-get install poppler-utils)'}`,
    async () => {
      const pdf = await renderComplianceReport(hostileReport(), 'pdf');
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
      writeFileSync(join(dir, 'r.pdf'), pdf);
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], {
        encoding: 'utf8',
      });
      for (const title of Object.values(REPORT_SECTIONS))
        expect(text.replace(/\s+/g, ' ')).toContain(title);
      const flat = text.replace(/\s+/g, ' ');
      expect(flat).toContain('Record of processing activities (GDPR Art. 30)');
      expect(flat).toContain('72 hours (GDPR Art. 33(1)');
      expect(flat).toContain('Recipients: none (declared)');
    },
  );
  if (!pdftotext && !requireTools) {
    it('notes that the PDF text check was skipped', () => {
      process.stderr.write(
        'compliance: PDF text check skipped: pdftotext not found (apt-get install poppler-utils)\n',
      );
    });
  }
});
