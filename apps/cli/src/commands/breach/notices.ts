import { Args, Flags } from '@oclif/core';
import {
  getIncident,
  noticesFor,
  renderNoticesHtml,
  renderNoticesMarkdown,
  type IncidentNotices,
} from '@confiture/compliance';
import { ConfitureError } from '@confiture/domain';
import { BaseCommand } from '../../base-command';
import {
  complianceConfigFlag,
  complianceConfigFrom,
  outputFlag,
  writeDocument,
} from '../../compliance-session';
import { targetEnvFlag, withTargetDatabase } from '../../security-session';

export default class BreachNotices extends BaseCommand<typeof BreachNotices> {
  static override summary =
    'The notices an incident calls for under each applicable law, with deadlines and drafts.';

  static override description = `For every regulation whose regions the incident touches: the notices to the authority and
to the data subjects (and Australia's 30-day assessment), whether each is required or must be
assessed against the law's threshold, its deadline computed from the law's rule (hours elapsed;
calendar or business days counted in the law's time zone, weekends and compliance.yaml holidays
skipped), or the law's words when it sets no figure, and a draft listing what the notice must
contain. Marks notices recorded as sent and overdue ones.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> 7f0c... --env staging --config compliance.yaml --format html --output notices.html',
  ];

  static override args = {
    id: Args.string({ description: 'Incident id (from `breach record`).', required: true }),
  };

  static override flags = {
    env: targetEnvFlag,
    config: complianceConfigFlag,
    format: Flags.option({
      options: ['json', 'md', 'html'] as const,
      summary: 'Document format (default md; json with --json).',
    })(),
    output: outputFlag,
  };

  async run(): Promise<IncidentNotices | undefined> {
    const cwd = this.workingDirectory;
    const config = complianceConfigFrom(this.flags.config, cwd);
    const format = this.flags.format ?? (this.jsonEnabled() ? 'json' : 'md');
    if (this.jsonEnabled() && format !== 'json') {
      throw new ConfitureError(
        'INPUT_INVALID',
        `--json prints one JSON document: drop --format ${format}`,
      );
    }
    const context = { cwd, keepSecret: this.keepSecret.bind(this) };
    const incident = await withTargetDatabase(
      this.flags.env,
      context,
      { readOnly: true },
      (client) => getIncident(client, this.args.id),
    );
    const notices = noticesFor(incident, config ? { config } : {});
    if (this.jsonEnabled() && !this.flags.output) return notices;
    const text =
      format === 'json'
        ? JSON.stringify(notices, null, 2) + '\n'
        : format === 'html'
          ? renderNoticesHtml(notices, config)
          : renderNoticesMarkdown(notices, config);
    const file = writeDocument(Buffer.from(text, 'utf8'), this.flags.output, cwd);
    if (file) this.note(`✔ notices of incident ${incident.id} → ${file}`);
    if (incident.proof !== 'signed')
      this.note(
        `⚠ incident ${incident.id} is ${incident.proof}: its row does not match the audit entry that recorded it`,
      );
    return undefined;
  }
}
