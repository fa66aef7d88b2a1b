import { Flags } from '@oclif/core';
import {
  BREACH_CATEGORIES,
  parseIncidentFlags,
  recordIncident,
  SEVERITIES,
  type IncidentRecord,
} from '@confiture/compliance';
import { BaseCommand } from '../../base-command';
import { auditKeyFromEnvironment, targetEnvFlag, withTargetDatabase } from '../../security-session';

export default class BreachRecord extends BaseCommand<typeof BreachRecord> {
  static override summary =
    "Record a security incident in a database's breach register; prints its id.";

  static override description = `Stores the incident (when the controller became aware, severity, categories of data,
number of subjects, regions) in the append-only confiture.breach_incidents of --env, after signing
its SHA-256 into the audit log (CONFITURE_AUDIT_KEY). No data value is stored: categories and
counts only. Every flag is validated first: a bad one exits 2 and nothing is written.
Then \`confiture breach notices <id>\` gives each applicable law's notices and deadlines.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> --env staging --detected-at 2026-03-01T14:30:00+01:00 --severity HIGH --categories email,card_number --subjects 1200 --regions EU,US-CA',
  ];

  static override flags = {
    env: targetEnvFlag,
    'detected-at': Flags.string({
      summary:
        'When the incident became known: ISO 8601 with an offset (2026-03-01T14:30:00+01:00).',
      required: true,
    }),
    severity: Flags.string({ summary: `${SEVERITIES.join(' | ')}.`, required: true }),
    categories: Flags.string({
      summary: `Comma-separated: ${BREACH_CATEGORIES.join(', ')}.`,
      required: true,
    }),
    subjects: Flags.string({
      summary: 'Number of data subjects affected (a non-negative integer; an estimate if unknown).',
      required: true,
    }),
    regions: Flags.string({
      summary:
        'Comma-separated ISO 3166 codes of the subjects: EU, DE, US-CA, CA, BR, CN, AU, ZA ...',
      required: true,
    }),
  };

  async run(): Promise<IncidentRecord> {
    const { flags } = this;
    const input = parseIncidentFlags({
      detectedAt: flags['detected-at'],
      severity: flags.severity,
      categories: flags.categories,
      subjects: flags.subjects,
      regions: flags.regions,
    });
    const context = { cwd: this.workingDirectory, keepSecret: this.keepSecret.bind(this) };
    const auditKey = auditKeyFromEnvironment(context);
    const incident = await withTargetDatabase(flags.env, context, { readOnly: false }, (client) =>
      recordIncident(client, input, auditKey),
    );
    this.log(incident.id);
    this.note(
      `✔ incident recorded (audit entry #${incident.auditSequence}); next: confiture breach notices ${incident.id} --env ${flags.env}`,
    );
    return incident;
  }
}
