import { Args, Flags } from '@oclif/core';
import { TokenVault, type Reversal } from '@confiture/security';
import { BaseCommand } from '../../base-command';
import {
  auditKeyFromEnvironment,
  keyProviderFor,
  kmsProfileFlag,
  targetEnvFlag,
  withTargetDatabase,
} from '../../security-session';

export default class TokensReverse extends BaseCommand<typeof TokensReverse> {
  static override summary = 'Recover the original value behind a token, if your grant allows it.';

  static override description = `Looks up the token in the target's vault, checks the grant of --as (REVERSE_WITH_REASON
needs --reason; NONE and READ_ONLY never reverse; an expired grant or token is refused), signs the
attempt into confiture.token_access_log whether it is granted or refused, and only then prints the
original on stdout. Needs CONFITURE_AUDIT_KEY and the key provider (CONFITURE_MASTER_KEY, or the
profile's security.kms). Exit codes: 0 reversed, 6 refused, 5 tampered ciphertext, 1 unknown token.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> TOKEN_3f9a… --env staging --as dpo@example.com --reason "SAR-2031: subject access request"',
    '<%= config.bin %> <%= command.id %> TOKEN_3f9a… --env staging --as support-bot --json',
  ];

  static override args = {
    token: Args.string({ description: 'The token as it appears in the target.', required: true }),
  };

  static override flags = {
    env: targetEnvFlag,
    as: Flags.string({
      summary: 'The principal asking (checked against its grant and recorded).',
      required: true,
    }),
    reason: Flags.string({ summary: 'Why (recorded; required by REVERSE_WITH_REASON).' }),
    table: Flags.string({ summary: 'Only the occurrence in this table (schema.table).' }),
    column: Flags.string({ summary: 'Only the occurrence in this column.' }),
    profile: kmsProfileFlag,
  };

  async run(): Promise<Reversal> {
    const context = { cwd: this.workingDirectory, keepSecret: this.keepSecret.bind(this) };
    const auditKey = auditKeyFromEnvironment(context);
    const keyProvider = keyProviderFor(this.flags.profile, context);
    try {
      const reversal = await withTargetDatabase(
        this.flags.env,
        context,
        { readOnly: false },
        async (client) => {
          const vault = await TokenVault.open(client, { keyProvider, auditKey, migrate: false });
          try {
            return await vault.reverse(this.args.token, {
              as: this.flags.as,
              ...(this.flags.reason ? { reason: this.flags.reason } : {}),
              ...(this.flags.table ? { table: this.flags.table } : {}),
              ...(this.flags.column ? { column: this.flags.column } : {}),
            });
          } finally {
            await vault.close();
          }
        },
      );
      // The original goes to stdout alone (pipeable); the context goes to stderr.
      if (!this.jsonEnabled()) {
        process.stdout.write(`${reversal.original}\n`);
        this.note(
          `✔ ${reversal.table}.${reversal.column} reversed for ${reversal.principal} (${reversal.accessLevel}); recorded as token access log entry ${reversal.logSequence}`,
        );
      }
      return reversal;
    } finally {
      await keyProvider.close();
    }
  }
}
