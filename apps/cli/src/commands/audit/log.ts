import { Flags } from '@oclif/core';
import { listAuditEntries, type AuditEntry } from '@confiture/security';
import { BaseCommand } from '../../base-command';
import { targetEnvFlag, withTargetDatabase } from '../../security-session';

export default class AuditLog extends BaseCommand<typeof AuditLog> {
  static override summary = 'List the syncs recorded in the audit log of a target, newest first.';

  static override description = `Shows who ran each sync, from where, from which source with which profile, how many
rows of which tables, the strategy of every column and the verification result. Listing needs no
key; run \`confiture audit verify\` to prove the entries were not altered.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> --env staging',
    '<%= config.bin %> <%= command.id %> --env staging --limit 1 --json',
  ];

  static override flags = {
    env: targetEnvFlag,
    limit: Flags.integer({ summary: 'Show at most this many entries.', default: 20, min: 1 }),
    run: Flags.string({ summary: 'Show only the entry of this run id.' }),
  };

  async run(): Promise<{ entries: AuditEntry[] }> {
    const context = { cwd: this.workingDirectory, keepSecret: this.keepSecret.bind(this) };
    const entries = await withTargetDatabase(
      this.flags.env,
      context,
      { readOnly: true },
      (client) =>
        listAuditEntries(client, {
          limit: this.flags.limit,
          ...(this.flags.run ? { runId: this.flags.run } : {}),
        }),
    );
    if (entries.length === 0) this.log('no sync recorded yet');
    for (const entry of entries) {
      const rows = Object.values(entry.rowsPerTable).reduce((sum, n) => sum + n, 0);
      // The sync records its verification report: `passed`, or `skipped` with --no-verify.
      const verified =
        entry.verification['passed'] === true
          ? 'verified'
          : entry.verification['passed'] === false
            ? 'VERIFICATION FAILED'
            : 'not verified';
      this.log(
        `#${entry.sequence} ${entry.finishedAt} ${entry.status} by ${entry.principal ?? entry.osUser}@${entry.host}: ${entry.source} → ${entry.target}`,
      );
      this.log(
        `   profile ${entry.profile.name ?? '?'}${entry.profile.version ? ` v${entry.profile.version}` : ''} (sha256 ${entry.profile.sha256?.slice(0, 12) ?? '?'}), ${entry.tables.length} tables, ${rows} rows, ${Object.keys(entry.strategies).length} anonymized columns, ${verified}; run ${entry.runId}`,
      );
    }
    return { entries };
  }
}
