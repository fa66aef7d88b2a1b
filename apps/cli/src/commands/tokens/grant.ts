import { Args, Flags } from '@oclif/core';
import { ACCESS_LEVELS, TokenVault, type GrantRecord } from '@confiture/security';
import { BaseCommand } from '../../base-command';
import { auditKeyFromEnvironment, targetEnvFlag, withTargetDatabase } from '../../security-session';

const DURATION = /^(\d+)(h|d|w)$/;
const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

export default class TokensGrant extends BaseCommand<typeof TokensGrant> {
  static override summary = 'Grant a principal an access level on the token vault of a target.';

  static override description = `Levels, weakest first: NONE (nothing), READ_ONLY (where a token occurs, never its
original), REVERSE_WITH_REASON (reverse with --reason), REVERSE_WITHOUT_REASON, UNRESTRICTED.
A new grant replaces the principal's previous one; NONE revokes. Every grant is signed into
confiture.token_access_log (CONFITURE_AUDIT_KEY). Writing grants takes a database role that may
write confiture.token_grants: the syncing role may not (see docs/security.md).`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> dpo@example.com --level REVERSE_WITH_REASON --expires-in 30d --env staging',
    '<%= config.bin %> <%= command.id %> support-bot --level NONE --env staging',
  ];

  static override args = {
    principal: Args.string({
      description: 'Who receives the grant (a person or service name).',
      required: true,
    }),
  };

  static override flags = {
    env: targetEnvFlag,
    level: Flags.option({
      options: ACCESS_LEVELS,
      required: true,
      summary: 'Access level to grant.',
    })(),
    expires: Flags.string({
      summary: 'When the grant stops working (ISO-8601, e.g. 2026-12-31T00:00:00Z).',
      exclusive: ['expires-in'],
    }),
    'expires-in': Flags.string({ summary: 'How long the grant lasts: <n>h, <n>d or <n>w.' }),
  };

  async run(): Promise<GrantRecord> {
    const context = { cwd: this.workingDirectory, keepSecret: this.keepSecret.bind(this) };
    const expiresAt = this.expiry();
    const auditKey = auditKeyFromEnvironment(context);
    const record = await withTargetDatabase(
      this.flags.env,
      context,
      { readOnly: false },
      async (client) => {
        const vault = await TokenVault.open(client, { auditKey });
        try {
          return await vault.grant(
            this.args.principal,
            this.flags.level,
            expiresAt ? { expiresAt } : {},
          );
        } finally {
          await vault.close();
        }
      },
    );
    this.log(
      `✔ ${record.principal} now holds ${record.level}${record.expiresAt ? ` until ${record.expiresAt}` : ''} (token access log entry ${record.logSequence})`,
    );
    return record;
  }

  /** The expiry the flags ask for; bad values are usage errors (exit 2). */
  private expiry(): Date | undefined {
    const { expires } = this.flags;
    if (expires !== undefined) {
      const at = new Date(expires);
      if (Number.isNaN(at.getTime()))
        this.error(`--expires: "${expires}" is not an ISO-8601 date`, { exit: 2 });
      return at;
    }
    const within = this.flags['expires-in'];
    if (within === undefined) return undefined;
    const match = DURATION.exec(within);
    if (!match) this.error(`--expires-in: "${within}" is not <n>h, <n>d or <n>w`, { exit: 2 });
    return new Date(Date.now() + Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
  }
}
