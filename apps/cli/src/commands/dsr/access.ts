import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Flags } from '@oclif/core';
import { EXPORT_FORMATS, exportSubjectRows, type AccessManifest } from '@confiture/compliance';
import { BaseCommand } from '../../base-command';
import {
  subjectFlag,
  subjectsConfigFlag,
  subjectsConfigFrom,
  withSubjectRows,
} from '../../dsr-session';
import { targetEnvFlag } from '../../security-session';

export default class DsrAccess extends BaseCommand<typeof DsrAccess> {
  static override summary =
    'Export every row of a data subject (access / portability): one file per table and a manifest.';

  static override description = `Writes the subject's rows (as \`dsr plan\` finds them) to --output, a new or empty
directory: one <schema>.<table>.json (types kept) or .csv (for people) per table, then manifest.json
with the tables, row counts, SHA-256 of each file, the generation time and the request id. Reads in
one read-only snapshot of --env; nothing is written to the database.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> --env prod --subject app.Accounts.id=42 --output ./subject-42',
    '<%= config.bin %> <%= command.id %> --env prod --subject app.Accounts.id=42 --output ./subject-42 --format csv',
  ];

  static override flags = {
    env: targetEnvFlag,
    subject: subjectFlag,
    config: subjectsConfigFlag,
    output: Flags.string({ summary: 'A new or empty directory for the files.', required: true }),
    format: Flags.option({
      options: EXPORT_FORMATS,
      default: 'json' as const,
      summary: 'json | csv.',
    })(),
  };

  async run(): Promise<AccessManifest> {
    const { flags } = this;
    const context = { cwd: this.workingDirectory, keepSecret: this.keepSecret.bind(this) };
    const subjects = subjectsConfigFrom(flags.config, context.cwd);
    const dir = resolve(context.cwd, flags.output);
    const manifest = await withSubjectRows(
      flags.env,
      context,
      subjects,
      flags.subject,
      (rows, client) =>
        exportSubjectRows(client, rows, dir, { format: flags.format, requestId: randomUUID() }),
    );
    if (!this.jsonEnabled()) {
      for (const file of manifest.files)
        this.log(`${file.file}  ${file.rows} rows  sha256 ${file.sha256}`);
      this.note(
        `✔ request ${manifest.requestId}: ${manifest.files.length} files and manifest.json in ${dir}`,
      );
    }
    return manifest;
  }
}
