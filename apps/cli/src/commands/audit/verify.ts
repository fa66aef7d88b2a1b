import {
  verifyAuditChain,
  verifyTokenAccessChain,
  type ChainVerification,
} from '@confiture/security';
import { BaseCommand } from '../../base-command';
import {
  auditKeyFromEnvironment,
  chainError,
  describeChain,
  targetEnvFlag,
  withTargetDatabase,
} from '../../security-session';

/** Both signed logs of a target. */
interface AuditVerification {
  ok: boolean;
  auditLog: ChainVerification;
  tokenAccessLog: ChainVerification;
}

export default class AuditVerify extends BaseCommand<typeof AuditVerify> {
  static override summary =
    'Prove that the audit log and the token access log of a target were not altered.';

  static override description = `Checks every entry of confiture.audit_log (one per sync) and of
confiture.token_access_log (every grant and every reversal attempt): hash, HMAC-SHA256 signature
with CONFITURE_AUDIT_KEY, link to the previous entry, no gap in the sequence, signed head. Exits 0
when both are intact, 5 naming the first altered, inserted or deleted entry.`;

  static override examples = ['<%= config.bin %> <%= command.id %> --env staging'];

  static override flags = { env: targetEnvFlag };

  async run(): Promise<AuditVerification> {
    const context = { cwd: this.workingDirectory, keepSecret: this.keepSecret.bind(this) };
    const key = auditKeyFromEnvironment(context);
    const result = await withTargetDatabase(
      this.flags.env,
      context,
      { readOnly: true },
      async (client) => {
        const auditLog = await verifyAuditChain(client, key);
        const tokenAccessLog = await verifyTokenAccessChain(client, key);
        return { ok: auditLog.ok && tokenAccessLog.ok, auditLog, tokenAccessLog };
      },
    );
    for (const chain of [result.auditLog, result.tokenAccessLog]) {
      if (!chain.ok) throw chainError(chain);
    }
    this.log(describeChain(result.auditLog));
    this.log(describeChain(result.tokenAccessLog));
    return result;
  }
}
