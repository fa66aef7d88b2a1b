import {
  verifyAuditChain,
  verifyTokenAccessChain,
  verifyTokenGrantChain,
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

/** The signed logs of a target. */
interface AuditVerification {
  ok: boolean;
  auditLog: ChainVerification;
  tokenGrants: ChainVerification;
  tokenAccessLog: ChainVerification;
}

export default class AuditVerify extends BaseCommand<typeof AuditVerify> {
  static override summary =
    'Prove that the audit log, the token grants and the token access log of a target were not altered.';

  static override description = `Checks every entry of confiture.audit_log (one per sync; HMAC-SHA256 with CONFITURE_AUDIT_KEY),
of confiture.token_grants (every grant, change and revocation; Ed25519 by the grant authority
derived from CONFITURE_AUDIT_KEY, and no other authority sealed in the vault) and of
confiture.token_access_log (every authenticated reversal attempt; Ed25519 by the principal's key
that its grant names): hash, signature, link to the previous entry, no gap in the sequence, nothing
beyond the signed head. Exits 0 when all are intact, 5 naming the first altered, inserted or
deleted entry.`;

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
        const tokenGrants = await verifyTokenGrantChain(client, key);
        const tokenAccessLog = await verifyTokenAccessChain(client, key);
        const ok = auditLog.ok && tokenGrants.ok && tokenAccessLog.ok;
        return { ok, auditLog, tokenGrants, tokenAccessLog };
      },
    );
    const chains = [result.auditLog, result.tokenGrants, result.tokenAccessLog];
    for (const chain of chains) {
      if (!chain.ok) throw chainError(chain);
    }
    for (const chain of chains) this.log(describeChain(chain));
    return result;
  }
}
