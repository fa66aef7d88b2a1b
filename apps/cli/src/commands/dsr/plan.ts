import { countSubjectRows, type SubjectRowCount } from '@confiture/compliance';
import { BaseCommand } from '../../base-command';
import {
  subjectFlag,
  subjectsConfigFlag,
  subjectsConfigFrom,
  withSubjectRows,
} from '../../dsr-session';
import { targetEnvFlag } from '../../security-session';

/** What `dsr plan --json` prints. */
export interface SubjectPlan {
  root: string;
  tables: SubjectRowCount[];
  totalRows: number;
}

export default class DsrPlan extends BaseCommand<typeof DsrPlan> {
  static override summary =
    "List a data subject's rows per table, across the foreign-key graph; writes nothing.";

  static override description = `Finds the subject's root row (subjects.root of compliance.yaml), every row that references it
through foreign keys, transitively, and the subjects.also_match rows, by queries on --env in one
read-only snapshot, and prints the count per table. The identifier's value is never printed.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> --env prod --subject app.Accounts.id=42',
    "<%= config.bin %> <%= command.id %> --env prod --subject 'app.Accounts.Email=jane@example.com' --json",
  ];

  static override flags = {
    env: targetEnvFlag,
    subject: subjectFlag,
    config: subjectsConfigFlag,
  };

  async run(): Promise<SubjectPlan> {
    const { flags } = this;
    const context = { cwd: this.workingDirectory, keepSecret: this.keepSecret.bind(this) };
    const subjects = subjectsConfigFrom(flags.config, context.cwd);
    const plan = await withSubjectRows(
      flags.env,
      context,
      subjects,
      flags.subject,
      async (rows) => {
        const tables = countSubjectRows(rows);
        return {
          root: subjects.root,
          tables,
          totalRows: tables.reduce((sum, t) => sum + t.rows, 0),
        };
      },
    );
    if (!this.jsonEnabled()) {
      const width = Math.max(...plan.tables.map((t) => t.table.length), 5);
      for (const t of plan.tables) this.log(`${t.table.padEnd(width)}  ${t.rows}`);
      this.log(`${'total'.padEnd(width)}  ${plan.totalRows}`);
      this.note('nothing was written');
    }
    return plan;
  }
}
