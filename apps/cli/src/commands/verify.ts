import { Flags } from '@oclif/core';
import { ConfitureError } from '@confiture/domain';
import { verifyTarget, type VerificationReport } from '@confiture/governance';
import { openConnection } from '@confiture/sync';
import { BaseCommand } from '../base-command';
import { connectionFlag, profileFlag } from '../flags';

export default class Verify extends BaseCommand<typeof Verify> {
  static override summary = 'Prove that a target holds no PII from its source.';

  static override description = `Checks a target (after a sync, or loaded any other way) against its source and profile:
no source value of an anonymized column appears in the target, row counts of unfiltered tables,
foreign keys, and a pattern scan of every text, JSON, array and inet column not declared safe
(\`strategy: preserve\`) for emails, phone numbers, national ids, card numbers (Luhn), IBANs
(mod-97) and IP addresses. Values a rule writes on purpose (user_<hash>@anon.local, a phone rule's
numbers, redaction masks, reserved test values) do not count. Leaks are reported with row keys
(primary key or ctid), never values. Both databases are only read.

Exits 4 when a check fails; a PII leak alone exits 0 (with warnings) when the profile sets
global.fail_on_pii_leak: false.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> --from production --to staging --profile anonymization_config.yaml',
    '<%= config.bin %> <%= command.id %> --from postgresql://ro@prod/shop --to postgresql://localhost/shop --profile p.yaml --json',
  ];

  static override flags = {
    from: connectionFlag({
      summary: 'Source: environment name or postgresql:// URL.',
      required: true,
    }),
    to: connectionFlag({
      summary: 'Target: environment name or postgresql:// URL.',
      required: true,
    }),
    profile: profileFlag({
      summary: 'The anonymization profile the target was made with.',
      required: true,
    }),
    'sample-keys': Flags.integer({
      summary: 'Row keys shown per leaking column (default 5).',
      min: 0,
      max: 1000,
    }),
  };

  async run(): Promise<VerificationReport> {
    const { flags } = this;
    const { from: source, to: target, profile } = flags;
    const sourceClient = await openConnection(source, {
      role: 'source',
      applicationName: 'confiture verify',
    });
    let report: VerificationReport;
    try {
      // The target is only read: a read-only session makes sure of it.
      const targetClient = await openConnection(target, {
        role: 'source',
        applicationName: 'confiture verify',
      });
      try {
        report = await verifyTarget({
          source: sourceClient,
          target: targetClient,
          profile,
          ...(flags['sample-keys'] !== undefined ? { sampleKeys: flags['sample-keys'] } : {}),
        });
      } finally {
        await targetClient.end().catch(() => undefined);
      }
    } finally {
      await sourceClient.end().catch(() => undefined);
    }
    const failed = report.checks.filter((c) => c.status === 'failed');
    const leaks = failed.filter(
      (c) => c.name === 'no-source-values' || c.name === 'pii-pattern-scan',
    );
    const fails = failed.length > leaks.length || (leaks.length > 0 && report.failOnPiiLeak);
    if (!this.jsonEnabled()) this.log(render(report, `${source.label} → ${target.label}`));
    if (!fails) {
      if (leaks.length > 0) this.warn('PII leaks found, but global.fail_on_pii_leak is false');
      return report;
    }
    if (this.jsonEnabled()) {
      process.exitCode = 4;
      return report;
    }
    throw new ConfitureError(
      'VERIFICATION_FAILED',
      `verification failed: ${failed.length} check(s) did not pass`,
      {
        hint:
          leaks.length > 0
            ? 'Add or fix the rules for the columns above (or `strategy: preserve` for a column that is safe) and sync again.'
            : 'Sync again; the target differs from what the profile produces.',
      },
    );
  }
}

function render(report: VerificationReport, route: string): string {
  const mark = { passed: '✔', failed: '✖', warning: '!', skipped: '-' } as const;
  const lines = [`Verification of ${route}`];
  for (const check of report.checks) {
    lines.push(
      `  ${mark[check.status as keyof typeof mark] ?? '?'} ${check.name}: ${check.detail}`,
    );
  }
  for (const skipped of report.leakScan.skipped) {
    lines.push(`  - ${skipped.table}.${skipped.column}: not scanned, ${skipped.reason}`);
  }
  lines.push(
    report.passed
      ? 'All checks passed.'
      : `${report.checks.filter((c) => c.status === 'failed').length} check(s) failed.`,
  );
  return lines.join('\n');
}
