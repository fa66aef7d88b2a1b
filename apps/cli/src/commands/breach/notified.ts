import { Args, Flags } from '@oclif/core';
import {
  parseRegulationId,
  recordNotification,
  REGULATION_IDS,
  type NotificationRecord,
} from '@confiture/compliance';
import { ConfitureError } from '@confiture/domain';
import { BaseCommand } from '../../base-command';
import { auditKeyFromEnvironment, targetEnvFlag, withTargetDatabase } from '../../security-session';

export default class BreachNotified extends BaseCommand<typeof BreachNotified> {
  static override summary = 'Record that a notice of an incident was sent (append-only, signed).';

  static override description = `Appends to confiture.breach_notifications, after signing the record into the audit log;
\`breach list --overdue\` no longer counts the notice.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> 7f0c... --regulation gdpr --recipient authority --at 2026-03-02T09:00:00+01:00 --env staging',
  ];

  static override args = { id: Args.string({ description: 'Incident id.', required: true }) };

  static override flags = {
    env: targetEnvFlag,
    regulation: Flags.string({ summary: `One of ${REGULATION_IDS.join(', ')}.`, required: true }),
    recipient: Flags.option({
      options: ['authority', 'subjects', 'assessment'] as const,
      required: true,
      summary: 'Who was notified (assessment: the completed assessment).',
    })(),
    at: Flags.string({ summary: 'When (ISO 8601 with an offset; default now).' }),
  };

  async run(): Promise<NotificationRecord> {
    const regulation = parseRegulationId(this.flags.regulation);
    const at = this.flags.at ?? new Date().toISOString();
    const time = Date.parse(at);
    if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(at) || Number.isNaN(time) || time > Date.now() + 60_000) {
      throw new ConfitureError(
        'INPUT_INVALID',
        `--at: "${at}" is not a past ISO 8601 time with an offset`,
        { hint: 'e.g. 2026-03-02T09:00:00+01:00' },
      );
    }
    const context = { cwd: this.workingDirectory, keepSecret: this.keepSecret.bind(this) };
    const auditKey = auditKeyFromEnvironment(context);
    const record = await withTargetDatabase(
      this.flags.env,
      context,
      { readOnly: false },
      (client) =>
        recordNotification(
          client,
          {
            incidentId: this.args.id,
            regulation,
            recipient: this.flags.recipient,
            notifiedAt: new Date(time).toISOString(),
          },
          auditKey,
        ),
    );
    this.log(`✔ ${regulation} notice to ${record.recipient} recorded as sent ${record.notifiedAt}`);
    return record;
  }
}
