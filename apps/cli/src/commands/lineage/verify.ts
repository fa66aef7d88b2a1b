import { verifyLineageChain, type ChainVerification } from '@confiture/security';
import { BaseCommand } from '../../base-command';
import {
  auditKeyFromEnvironment,
  chainError,
  describeChain,
  targetEnvFlag,
  withTargetDatabase,
} from '../../security-session';

export default class LineageVerify extends BaseCommand<typeof LineageVerify> {
  static override summary = 'Prove that the lineage recorded in a target was not altered.';

  static override description = `Reads confiture.lineage in the target in sequence order and checks every entry: its
content still matches its hash, its HMAC-SHA256 signature verifies with CONFITURE_AUDIT_KEY, it
links to the hash of the entry before it, no sequence number is missing, and the last entry is the
signed head. Exits 0 when the chain is intact, 5 naming the first altered, inserted or deleted entry.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> --env staging',
    '<%= config.bin %> <%= command.id %> --env postgresql://auditor@staging-db/app --json',
  ];

  static override flags = { env: targetEnvFlag };

  async run(): Promise<ChainVerification> {
    const context = { cwd: this.workingDirectory, keepSecret: this.keepSecret.bind(this) };
    const key = auditKeyFromEnvironment(context);
    const result = await withTargetDatabase(this.flags.env, context, { readOnly: true }, (client) =>
      verifyLineageChain(client, key),
    );
    if (!result.ok) throw chainError(result);
    this.log(describeChain(result));
    return result;
  }
}
