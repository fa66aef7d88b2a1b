import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  complianceReportSchema,
  REGULATION_IDS,
  REPORT_SECTIONS,
  type ComplianceReport,
} from '@confiture/compliance';
import { createTestDatabase } from '@confiture/pg-harness';
import {
  AuditKey,
  createKeyProvider,
  listAuditEntries,
  PrincipalCredential,
  TokenVault,
} from '@confiture/security';
import {
  browserUnavailable,
  itWith,
  pdftotextUnavailable,
  withPage,
} from '../../test-support/browser';
import { syncShop, withClient, type SyncedShop } from '../../test-support/compliance-target';
import { runCli } from '../../test-support/run-cli';
import { tamperLedger } from '../../test-support/security-cli';

const EXAMPLE = resolve(__dirname, '../../../../../examples/compliance.yaml');
const HOSTILE = '<script>document.title="pwned"</script><img src=x onerror=alert(1)>';

function reportOf(stdout: string): ComplianceReport {
  return complianceReportSchema.parse(JSON.parse(stdout));
}

describe('confiture compliance on a real sync of the demo shop', () => {
  let shop: SyncedShop;
  let dir: string;
  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCli([...args, '--env', shop.target.url], { ...shop.env, ...env }, { cwd: dir });

  beforeAll(async () => {
    shop = await syncShop();
    dir = mkdtempSync(join(tmpdir(), 'compliance-cli-'));
    copyFileSync(EXAMPLE, join(dir, 'compliance.yaml'));
    writeFileSync(
      join(dir, 'hostile.yaml'),
      readFileSync(EXAMPLE, 'utf8').replace('name: Acme Shop SAS', `name: '${HOSTILE}'`),
    );
  }, 300_000);
  afterAll(async () => {
    await shop?.drop();
  });

  it.each(REGULATION_IDS)(
    'builds the %s report from the run: every anonymized column with its strategy and verification',
    async (regulation) => {
      const run = await cli([
        'compliance',
        'report',
        '--regulation',
        regulation,
        '--config',
        'compliance.yaml',
        '--json',
      ]);
      expect(run.code).toBe(0);
      const report = reportOf(run.stdout);
      expect(report.regulation.id).toBe(regulation);
      const [entry] = await withClient(shop.target.url, async (client) =>
        (await listAuditEntries(client, { limit: 100 })).filter(
          (e) => e.verification['confiture_event'] === undefined,
        ),
      );
      const columns = Object.fromEntries(
        report.evidence.columns.map((c) => [`${c.table}.${c.column}`, c.strategy]),
      );
      expect(columns).toEqual(entry!.strategies);
      expect(Object.keys(columns)).toEqual(
        expect.arrayContaining(['public.users.email', 'public.payments.card_number']),
      );
      expect(report.evidence.columns.every((c) => c.verification === 'passed')).toBe(true);
      expect(report.evidence.columns.find((c) => c.column === 'card_number')).toEqual(
        expect.objectContaining({ strategy: 'fpe', reversible: true }),
      );
      expect(report.evidence.lastSync.verification.state).toBe('passed');
      expect(report.summary.coveragePercent).toBeGreaterThan(50);
      // The excluded, empty audit_logs table is not an unmapped column.
      expect(report.evidence.piiAudit?.unmapped).toEqual([]);
      for (const r of report.requirements) {
        if (r.status !== 'met' && r.status !== 'not_applicable')
          expect(r.remediation.length).toBeGreaterThan(0);
      }
      expect(run.stdout).not.toContain(shop.env['CONFITURE_AUDIT_KEY']);
    },
    120_000,
  );

  it('signs the report into the audit log and proves the file unaltered, or not', async () => {
    const run = await cli([
      'compliance',
      'report',
      '--regulation',
      'gdpr',
      '--config',
      'compliance.yaml',
      '--format',
      'md',
      '--output',
      'gdpr.md',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const issued = JSON.parse(run.stdout) as {
      sha256: string;
      auditSequence: number;
      file: string;
    };
    expect(issued.file).toBe(join(dir, 'gdpr.md'));
    const ok = await cli(['compliance', 'verify-report', 'gdpr.md']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`SHA-256 ${issued.sha256} is gdpr report`);
    appendFileSync(join(dir, 'gdpr.md'), ' ');
    const altered = await cli(['compliance', 'verify-report', 'gdpr.md']);
    expect(altered.code).toBe(5);
    expect(altered.stderr).toContain('is recorded in confiture.audit_log');
  }, 120_000);

  itWith(browserUnavailable())(
    'renders an HTML report that a real browser shows with its sections, hostile values inert',
    async () => {
      const run = await cli([
        'compliance',
        'report',
        '--regulation',
        'gdpr',
        '--config',
        'hostile.yaml',
        '--format',
        'html',
        '--output',
        'gdpr.html',
      ]);
      expect(run.code).toBe(0);
      const shot = join(dir, 'gdpr-report.png');
      const seen = await withPage(join(dir, 'gdpr.html'), async (page) => {
        const dialogs: string[] = [];
        page.on('dialog', (d) => {
          dialogs.push(d.message());
          void d.dismiss();
        });
        await page.waitForLoadState('load');
        await page.screenshot({ path: shot, fullPage: false });
        await page.emulateMedia({ media: 'print' });
        await page.screenshot({ path: join(dir, 'gdpr-report-print.png'), fullPage: false });
        return {
          title: await page.title(),
          headings: await page.locator('h2').allTextContents(),
          controller: await page.locator('#record tr', { hasText: 'Controller' }).innerText(),
          emailRow: await page
            .locator('#columns tr', { hasText: 'public.users' })
            .filter({ hasText: 'email' })
            .first()
            .innerText(),
          summary: await page.locator('#summary').innerText(),
          images: await page.locator('img').count(),
          scripts: await page.locator('script').count(),
          dialogs,
        };
      });
      process.stderr.write(`compliance: screenshot of the HTML report at ${shot}\n`);
      expect(seen.title).toBe(
        'GDPR compliance report: Record of processing activities (GDPR Art. 30)',
      );
      expect(seen.headings).toEqual(Object.values(REPORT_SECTIONS));
      expect(seen.controller).toContain(HOSTILE);
      expect(seen.emailRow).toMatch(/public\.users\s+email\s+email\s+email\s+no\s+passed/);
      expect(seen.summary).toMatch(/\d+% coverage/);
      expect({ images: seen.images, scripts: seen.scripts, dialogs: seen.dialogs }).toEqual({
        images: 0,
        scripts: 0,
        dialogs: [],
      });
    },
    120_000,
  );

  itWith(pdftotextUnavailable())(
    'renders a PDF whose text holds the same section titles',
    async () => {
      const run = await cli([
        'compliance',
        'report',
        '--regulation',
        'lgpd',
        '--config',
        'compliance.yaml',
        '--format',
        'pdf',
        '--output',
        'lgpd.pdf',
      ]);
      expect(run.code).toBe(0);
      const text = execFileSync('pdftotext', [join(dir, 'lgpd.pdf'), '-'], {
        encoding: 'utf8',
      }).replace(/\s+/g, ' ');
      for (const title of Object.values(REPORT_SECTIONS)) expect(text).toContain(title);
      expect(text).toContain('Registro das operações de tratamento (LGPD Art. 37)');
      expect(text).toContain('public.users.email');
    },
    120_000,
  );

  it('prints exactly one JSON document with --format json', async () => {
    const run = await cli(['compliance', 'report', '--regulation', 'popia', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(reportOf(run.stdout).regulation.id).toBe('popia');
  }, 120_000);

  it('lists the seven regulations for an unknown one, and writes nothing', async () => {
    const run = await cli(['compliance', 'report', '--regulation', 'hipaa']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('known: gdpr, ccpa, pipeda, lgpd, pipl, au-privacy, popia');
  });

  it('refuses a compliance.yaml with an unknown key, naming the file and path', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'controller: { name: A, contact: b, phone: 1 }\n');
    const run = await cli(['compliance', 'report', '--regulation', 'gdpr', '--config', 'bad.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bad.yaml');
    expect(run.stderr).toContain('controller');
    expect(run.stderr).toContain('unknown key "phone"');
  });

  it('adds what the records decide to the matrix with --env', async () => {
    const run = await cli([
      'compliance',
      'matrix',
      '--regulations',
      'gdpr,ccpa',
      '--config',
      'compliance.yaml',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const matrix = JSON.parse(run.stdout);
    const security = matrix.themes.find((t: { theme: string }) => t.theme === 'security');
    expect(security.cells[0].requirements[0]).toEqual(
      expect.objectContaining({ reference: 'Art. 32(1)(a), (d)', status: 'met' }),
    );
  }, 120_000);
});

describe('confiture compliance report without a sync record', () => {
  it('says so and exits non-zero', async () => {
    const db = await createTestDatabase({ prefix: 'compliance_empty' });
    try {
      const run = await runCli(['compliance', 'report', '--regulation', 'gdpr', '--env', db.url], {
        CONFITURE_AUDIT_KEY: 'k'.repeat(64),
      });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/has no sync record/);
    } finally {
      await db.drop();
    }
  });
});

describe('a requirement flips to unmet when its evidence is removed', () => {
  let shop: SyncedShop | undefined;
  afterEach(async () => {
    await shop?.drop();
    shop = undefined;
  });
  const report = async (target: SyncedShop, regulation = 'gdpr') => {
    const run = await runCli(
      ['compliance', 'report', '--regulation', regulation, '--env', target.target.url, '--json'],
      target.env,
    );
    expect(run.code).toBe(0);
    return reportOf(run.stdout);
  };
  const statusOf = (r: ComplianceReport, id: string) => r.requirements.find((x) => x.id === id)!;

  it('a broken lineage chain: accountability is unmet, naming the altered entry', async () => {
    shop = await syncShop();
    expect(statusOf(await report(shop), 'art5-accountability').status).toBe('met');
    await withClient(shop.target.url, (client) =>
      tamperLedger(
        client,
        'lineage',
        `UPDATE confiture.lineage SET strategy = 'preserve' WHERE sequence = 2`,
      ),
    );
    const after = statusOf(await report(shop), 'art5-accountability');
    expect(after.status).toBe('unmet');
    expect(after.evidence.find((e) => e.kind === 'lineage_intact')!.finding).toContain(
      'entry 2 altered',
    );
  }, 300_000);

  it('an unmapped PII column: minimisation is unmet, naming the column', async () => {
    shop = await syncShop({ withoutRule: { table: 'users', column: 'phone' } });
    const after = await report(shop, 'pipeda');
    const requirement = statusOf(after, 'limiting-collection');
    expect(requirement.status).toBe('unmet');
    expect(
      requirement.evidence.find((e) => e.kind === 'pii_columns_anonymized')!.finding,
    ).toContain('public.users.phone');
    expect(after.evidence.columns.map((c) => c.column)).not.toContain('phone');
  }, 300_000);

  it('a reversal without a reason: security of processing is unmet', async () => {
    shop = await syncShop();
    expect(statusOf(await report(shop), 'art32-security').status).toBe('met');
    await withClient(shop.target.url, async (client) => {
      const env = shop!.env;
      const vault = await TokenVault.open(client, {
        keyProvider: createKeyProvider(undefined, { env }),
        auditKey: AuditKey.fromString(env['CONFITURE_AUDIT_KEY']!),
      });
      try {
        await vault.storeTokens([
          {
            token: 'tok_3f9a',
            original: 'someone@example.com',
            table: 'public.users',
            column: 'email',
          },
        ]);
        const { credential } = PrincipalCredential.generate();
        await vault.grant('bob', 'REVERSE_WITHOUT_REASON', {
          publicKey: credential.publicKey.text,
        });
        await vault.reverse('tok_3f9a', { as: 'bob', credential });
      } finally {
        await vault.close();
      }
    });
    const after = await report(shop);
    const requirement = statusOf(after, 'art32-security');
    expect(requirement.status).toBe('unmet');
    expect(requirement.evidence.find((e) => e.kind === 'token_access_controlled')!.finding).toMatch(
      /1 reversal\(s\) returned an original without a reason: #\d+ by bob/,
    );
    expect(JSON.stringify(after)).not.toContain('someone@example.com');
  }, 300_000);
});
