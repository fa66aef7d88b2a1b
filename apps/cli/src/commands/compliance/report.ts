import { Flags } from '@oclif/core';
import {
  issueComplianceReport,
  parseRegulationId,
  REGULATION_IDS,
  REPORT_FORMATS,
  type ReportFormat,
} from '@confiture/compliance';
import { ConfitureError } from '@confiture/domain';
import { BaseCommand } from '../../base-command';
import {
  complianceConfigFlag,
  complianceConfigFrom,
  outputFlag,
  writeDocument,
} from '../../compliance-session';
import { auditKeyFromEnvironment, targetEnvFlag, withTargetDatabase } from '../../security-session';

/** What `--json` prints when the document went to a file. */
interface IssuedSummary {
  regulation: string;
  format: ReportFormat;
  file: string;
  bytes: number;
  sha256: string;
  auditSequence: number;
  coveragePercent: number;
}

export default class ComplianceReport extends BaseCommand<typeof ComplianceReport> {
  static override summary =
    "Build a regulation's compliance report from what a target's records show.";

  static override description = `Reads the signed audit log and lineage of the last sync, the verification it recorded,
the token access log, the last PII audit and the breach register of --env, and compliance.yaml
(--config) for the controller's declarations; decides each requirement of the regulation (met,
partial, unmet, not applicable) from that evidence alone, with a remediation hint, and renders the
report as JSON, Markdown, self-contained HTML or PDF. The report's SHA-256 is signed into the
audit log (CONFITURE_AUDIT_KEY): \`confiture compliance verify-report <file>\` proves it unaltered.
Regulations: ${REGULATION_IDS.join(', ')}. The report is evidence, not legal advice.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> --regulation gdpr --env staging --config compliance.yaml --format html --output gdpr.html',
    '<%= config.bin %> <%= command.id %> --regulation lgpd --env postgresql://dpo@staging/shop --json',
  ];

  static override flags = {
    regulation: Flags.string({ summary: `One of ${REGULATION_IDS.join(', ')}.`, required: true }),
    env: targetEnvFlag,
    config: complianceConfigFlag,
    format: Flags.option({
      options: REPORT_FORMATS,
      summary: 'Document format (default md; json with --json).',
    })(),
    output: outputFlag,
  };

  async run(): Promise<IssuedSummary | undefined> {
    const { flags } = this;
    const regulation = parseRegulationId(flags.regulation);
    const format: ReportFormat = flags.format ?? (this.jsonEnabled() ? 'json' : 'md');
    if (this.jsonEnabled() && format !== 'json' && !flags.output) {
      throw new ConfitureError(
        'INPUT_INVALID',
        `--json prints one JSON document: --format ${format} needs --output`,
        {
          hint: 'Add --output FILE, or drop --format.',
        },
      );
    }
    if (format === 'pdf' && !flags.output && process.stdout.isTTY) {
      throw new ConfitureError(
        'INPUT_INVALID',
        '--format pdf writes binary data: give --output FILE',
        { hint: 'e.g. --output report.pdf' },
      );
    }
    const cwd = this.workingDirectory;
    const config = complianceConfigFrom(flags.config, cwd);
    const context = { cwd, keepSecret: this.keepSecret.bind(this) };
    const auditKey = auditKeyFromEnvironment(context);
    const issued = await withTargetDatabase(flags.env, context, { readOnly: false }, (client) =>
      issueComplianceReport(client, {
        regulation,
        auditKey,
        format,
        ...(config ? { config } : {}),
      }),
    );
    const file = writeDocument(issued.bytes, flags.output, cwd);
    const s = issued.report.summary;
    this.note(
      `✔ ${issued.report.regulation.shortName} report: ${s.coveragePercent}% coverage (${s.met} met, ${s.partial} partial, ${s.unmet} unmet, ${s.notApplicable} n/a)` +
        `${file ? ` → ${file}` : ''}; SHA-256 ${issued.sha256} signed as audit entry #${issued.auditSequence}`,
    );
    if (!file) return undefined;
    return {
      regulation,
      format,
      file,
      bytes: issued.bytes.length,
      sha256: issued.sha256,
      auditSequence: issued.auditSequence,
      coveragePercent: s.coveragePercent,
    };
  }
}
