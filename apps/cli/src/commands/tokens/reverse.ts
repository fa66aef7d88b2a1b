import { Args, Flags } from '@oclif/core';
import { PrincipalCredential, TokenVault, type Reversal } from '@confiture/security';
import { BaseCommand } from '../../base-command';
import {
  keyProviderFor,
  kmsProfileFlag,
  targetEnvFlag,
  withTargetDatabase,
} from '../../security-session';

export default class TokensReverse extends BaseCommand<typeof TokensReverse> {
  static override summary = 'Recover the original value behind a token, if your grant allows it.';

  static override description = `Proves that you are the principal named by --as: your private key (--key-file, else the file
CONFITURE_PRINCIPAL_KEY_FILE names, else the PEM in CONFITURE_PRINCIPAL_KEY) must be the one your
latest grant names; nothing is decrypted otherwise. Then checks the signed grants ledger against
the grant authority sealed in the vault, and your grant (REVERSE_WITH_REASON needs --reason; NONE
and READ_ONLY never reverse; an expired grant or token, or a token outside the grant's scope, is
refused); signs the attempt into confiture.token_access_log with your key whether it is granted or
refused, and only then prints the original on stdout. Needs the key provider (CONFITURE_MASTER_KEY,
or the profile's security.kms), never CONFITURE_AUDIT_KEY. Exit codes: 0 reversed, 6 refused,
5 tampered grants or ciphertext, 2 no or unreadable key, 1 unknown token.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> TOKEN_3f9a… --env staging --as dpo@example.com --key-file ~/.confiture/dpo.pem --reason "SAR-2031: subject access request"',
    'CONFITURE_PRINCIPAL_KEY_FILE=bot.pem <%= config.bin %> <%= command.id %> TOKEN_3f9a… --env staging --as support-bot --json',
  ];

  static override args = {
    token: Args.string({ description: 'The token as it appears in the target.', required: true }),
  };

  static override flags = {
    env: targetEnvFlag,
    as: Flags.string({
      summary: 'The principal asking (proven by --key-file, checked against its grant, recorded).',
      required: true,
    }),
    'key-file': Flags.string({
      summary:
        'Your private key (default: CONFITURE_PRINCIPAL_KEY_FILE, or CONFITURE_PRINCIPAL_KEY).',
    }),
    reason: Flags.string({ summary: 'Why (recorded; required by REVERSE_WITH_REASON).' }),
    table: Flags.string({ summary: 'Only the occurrence in this table (schema.table).' }),
    column: Flags.string({ summary: 'Only the occurrence in this column.' }),
    profile: kmsProfileFlag,
  };

  async run(): Promise<Reversal> {
    const context = { cwd: this.workingDirectory, keepSecret: this.keepSecret.bind(this) };
    const credential = PrincipalCredential.resolve(process.env, this.flags['key-file']);
    const keyProvider = keyProviderFor(this.flags.profile, context);
    try {
      const reversal = await withTargetDatabase(
        this.flags.env,
        context,
        { readOnly: false },
        async (client) => {
          const vault = await TokenVault.open(client, { keyProvider, migrate: false });
          try {
            return await vault.reverse(this.args.token, {
              as: this.flags.as,
              credential,
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
          `✔ ${reversal.table}.${reversal.column} reversed for ${reversal.principal} (${reversal.accessLevel}, grant ${reversal.grantSequence}); signed as token access log entry ${reversal.logSequence}`,
        );
      }
      return reversal;
    } finally {
      await keyProvider.close();
    }
  }
}
