import { Flags } from '@oclif/core';
import {
  buildMatrix,
  buildReport,
  parseRegulationList,
  readComplianceEvidence,
  REGULATION_IDS,
  renderMatrixHtml,
  renderMatrixMarkdown,
  type RegulationMatrix,
} from '@confiture/compliance';
import { ConfitureError } from '@confiture/domain';
import { BaseCommand } from '../../base-command';
import { connectionFlag } from '../../flags';
import {
  complianceConfigFlag,
  complianceConfigFrom,
  outputFlag,
  writeDocument,
} from '../../compliance-session';
import { auditKeyFromEnvironment, withTargetDatabase } from '../../security-session';

export default class ComplianceMatrix extends BaseCommand<typeof ComplianceMatrix> {
  static override summary =
    'Compare regulations: requirements by theme, intersection, union, strictest deadlines, conflicts.';

  static override description = `For any set of ${REGULATION_IDS.join(', ')}: which law demands what under each theme
(accountability, transparency, lawful basis, minimisation, security, retention, transfers, subject
rights, breach), the themes all of them share and any of them has, the strictest deadlines of the
union, and the known conflicts between them with the approach Confiture recommends. With --env,
each requirement also shows the status the target's records decide (as \`compliance report\` would).`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> --regulations gdpr,ccpa,lgpd',
    '<%= config.bin %> <%= command.id %> --regulations gdpr,pipl --format html --output matrix.html',
  ];

  static override flags = {
    regulations: Flags.string({
      summary: `Comma-separated: ${REGULATION_IDS.join(',')}.`,
      required: true,
    }),
    env: connectionFlag({
      summary:
        "Also show what this target's records decide for each requirement (environment or URL).",
    }),
    config: complianceConfigFlag,
    format: Flags.option({
      options: ['json', 'md', 'html'] as const,
      summary: 'Document format (default md; json with --json).',
    })(),
    output: outputFlag,
  };

  async run(): Promise<RegulationMatrix | undefined> {
    const ids = parseRegulationList(this.flags.regulations);
    const cwd = this.workingDirectory;
    const config = complianceConfigFrom(this.flags.config, cwd);
    let reports;
    if (this.flags.env) {
      const context = { cwd, keepSecret: this.keepSecret.bind(this) };
      const auditKey = auditKeyFromEnvironment(context);
      const evidence = await withTargetDatabase(
        this.flags.env,
        context,
        { readOnly: true },
        (client) => readComplianceEvidence(client, { auditKey, ...(config ? { config } : {}) }),
      );
      reports = ids.map((id) => buildReport(id, evidence, config));
    }
    const matrix = buildMatrix(ids, reports ? { reports } : {});
    const format = this.flags.format ?? (this.jsonEnabled() ? 'json' : 'md');
    if (this.jsonEnabled() && format !== 'json') {
      throw new ConfitureError(
        'INPUT_INVALID',
        `--json prints one JSON document: drop --format ${format}`,
      );
    }
    if (this.jsonEnabled() && !this.flags.output) return matrix;
    const text =
      format === 'json'
        ? JSON.stringify(matrix, null, 2) + '\n'
        : format === 'html'
          ? renderMatrixHtml(matrix)
          : renderMatrixMarkdown(matrix);
    const file = writeDocument(Buffer.from(text, 'utf8'), this.flags.output, this.workingDirectory);
    if (file)
      this.note(`✔ matrix of ${matrix.regulations.map((r) => r.shortName).join(', ')} → ${file}`);
    return undefined;
  }
}
