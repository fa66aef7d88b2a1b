import { Flags } from '@oclif/core';
import { listIncidents, noticesFor, type IncidentNotices } from '@confiture/compliance';
import { BaseCommand } from '../../base-command';
import { complianceConfigFlag, complianceConfigFrom } from '../../compliance-session';
import { targetEnvFlag, withTargetDatabase } from '../../security-session';

export default class BreachList extends BaseCommand<typeof BreachList> {
  static override summary =
    "List a database's recorded incidents, or with --overdue the notices past their deadline.";

  static override description = `Each incident with its notices, newest first; each row is checked against the audit
entry that recorded it (\`altered\` when someone changed it). --overdue keeps the notices that are
required or to be assessed, not recorded as sent, and past their computed deadline.`;

  static override examples = ['<%= config.bin %> <%= command.id %> --env staging --overdue'];

  static override flags = {
    env: targetEnvFlag,
    config: complianceConfigFlag,
    overdue: Flags.boolean({
      summary: 'Only notices past their deadline and not recorded as sent.',
    }),
  };

  async run(): Promise<{ incidents: IncidentNotices[] }> {
    const cwd = this.workingDirectory;
    const config = complianceConfigFrom(this.flags.config, cwd);
    const context = { cwd, keepSecret: this.keepSecret.bind(this) };
    const incidents = await withTargetDatabase(
      this.flags.env,
      context,
      { readOnly: true },
      (client) => listIncidents(client),
    );
    const now = new Date();
    let all = incidents.map((incident) =>
      noticesFor(incident, { now, ...(config ? { config } : {}) }),
    );
    if (this.flags.overdue) {
      all = all
        .map((n) => ({
          ...n,
          regulations: n.regulations
            .map((r) => ({ ...r, notices: r.notices.filter((x) => x.overdue) }))
            .filter((r) => r.notices.length > 0),
        }))
        .filter((n) => n.regulations.length > 0);
    }
    if (!this.jsonEnabled()) {
      if (all.length === 0)
        this.log(this.flags.overdue ? 'No overdue notice.' : 'No incident recorded.');
      for (const n of all) {
        const i = n.incident;
        const notices = n.regulations.flatMap((r) => r.notices);
        this.log(
          `${i.id} detected ${i.detectedAt} ${i.severity} ${i.subjects} subjects ${i.regions.join(',')} [${i.proof}]: ${notices.length} notice(s), ${notices.filter((x) => x.overdue).length} overdue`,
        );
        for (const x of notices.filter((x) => !this.flags.overdue || x.overdue)) {
          const due = x.deadline.kind === 'fixed' ? `due ${x.deadline.dueAt}` : x.deadline.text;
          this.log(
            `  ${x.regulation} → ${x.recipient}: ${x.obligation}, ${due}${x.notifiedAt ? `, sent ${x.notifiedAt}` : x.overdue ? ', OVERDUE' : ''}`,
          );
        }
      }
    }
    return { incidents: all };
  }
}
