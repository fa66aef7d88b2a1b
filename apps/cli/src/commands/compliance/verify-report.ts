import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Args } from '@oclif/core';
import { findReportRecord } from '@confiture/compliance';
import { ConfitureError } from '@confiture/domain';
import { verifyAuditChain } from '@confiture/security';
import { BaseCommand } from '../../base-command';
import {
  auditKeyFromEnvironment,
  chainError,
  targetEnvFlag,
  withTargetDatabase,
} from '../../security-session';

export default class ComplianceVerifyReport extends BaseCommand<typeof ComplianceVerifyReport> {
  static override summary =
    'Prove that a report file is the one issued: its SHA-256 is in the signed audit log.';

  static override description = `Hashes the file, finds the compliance-report entry of --env's audit log that holds that
SHA-256, and verifies the whole audit log (CONFITURE_AUDIT_KEY). Exits 0 when the file is unaltered
and the log intact, 5 otherwise.`;

  static override examples = ['<%= config.bin %> <%= command.id %> gdpr.html --env staging'];

  static override args = { file: Args.string({ description: 'The report file.', required: true }) };

  static override flags = { env: targetEnvFlag };

  async run() {
    const file = resolve(this.workingDirectory, this.args.file);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      throw new ConfitureError('FILE_NOT_FOUND', `cannot read ${file}`, { file });
    }
    const context = { cwd: this.workingDirectory, keepSecret: this.keepSecret.bind(this) };
    const key = auditKeyFromEnvironment(context);
    const result = await withTargetDatabase(
      this.flags.env,
      context,
      { readOnly: true },
      async (client) => {
        const chain = await verifyAuditChain(client, key);
        if (!chain.ok) throw chainError(chain);
        return findReportRecord(client, bytes);
      },
    );
    this.log(
      `✔ ${file}: SHA-256 ${result.sha256} is ${result.regulation} report ${result.reportId}, audit entry #${result.auditSequence} (${result.recordedAt}); audit log intact`,
    );
    return { ok: true, file, ...result };
  }
}
