import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import {
  ACCESS_LEVELS,
  describeScope,
  parseScopeItem,
  TokenVault,
  type GrantRecord,
} from '@confiture/security';
import { BaseCommand } from '../../base-command';
import { auditKeyFromEnvironment, targetEnvFlag, withTargetDatabase } from '../../security-session';

const DURATION = /^(\d+)(h|d|w)$/;
const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

export default class TokensGrant extends BaseCommand<typeof TokensGrant> {
  static override summary = 'Grant a principal an access level on the token vault of a target.';

  static override description = `Levels, weakest first: NONE (revokes), READ_ONLY (where a token occurs, never its original),
REVERSE_WITH_REASON (reverse with --reason), REVERSE_WITHOUT_REASON, UNRESTRICTED.
A grant names the principal's public key (from \`confiture tokens keygen\`): only the holder of the
matching private key can use it. It is signed into the confiture.token_grants ledger by the grant
authority derived from CONFITURE_AUDIT_KEY, chained, append-only; a new grant replaces the
principal's previous one. An expiry must lie in the future. Writing grants takes a database role
that may append to confiture.token_grants (see docs/security.md).`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> dpo@example.com --public-key ed25519:3q2-7w… --level REVERSE_WITH_REASON --expires-in 30d --env staging',
    '<%= config.bin %> <%= command.id %> support-bot --public-key bot.pub.pem --level READ_ONLY --scope public.orders --env staging',
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
      summary: 'Access level to grant (NONE revokes).',
    })(),
    'public-key': Flags.string({
      summary:
        "The principal's public key: ed25519:<base64url> or a PEM public key file (not with NONE).",
    }),
    scope: Flags.string({
      summary:
        'Only tokens of this table or column (schema.table[.column]); repeatable. Default: all.',
      multiple: true,
    }),
    expires: Flags.string({
      summary: 'When the grant stops working (ISO-8601, e.g. 2026-12-31T00:00:00Z).',
      exclusive: ['expires-in'],
    }),
    'expires-in': Flags.string({ summary: 'How long the grant lasts: <n>h, <n>d or <n>w.' }),
  };

  async run(): Promise<GrantRecord> {
    const context = { cwd: this.workingDirectory, keepSecret: this.keepSecret.bind(this) };
    const expiresAt = this.expiry();
    const scope = this.flags.scope?.map(parseScopeItem);
    const publicKey = this.publicKey();
    const auditKey = auditKeyFromEnvironment(context);
    const record = await withTargetDatabase(
      this.flags.env,
      context,
      { readOnly: false },
      async (client) => {
        const vault = await TokenVault.open(client, { auditKey });
        try {
          return await vault.grant(this.args.principal, this.flags.level, {
            ...(publicKey ? { publicKey } : {}),
            ...(expiresAt ? { expiresAt } : {}),
            ...(scope ? { scope } : {}),
          });
        } finally {
          await vault.close();
        }
      },
    );
    this.log(
      record.event === 'revoke'
        ? `✔ ${record.principal} holds no grant any more (token grants entry ${record.grantSequence})`
        : `✔ ${record.principal} now holds ${record.level} on ${describeScope(record.scope)}${record.expiresAt ? ` until ${record.expiresAt}` : ''} for key ${record.principalKey} (token grants entry ${record.grantSequence})`,
    );
    return record;
  }

  /** `--public-key` as given, or the contents of the PEM file it names. */
  private publicKey(): string | undefined {
    const value = this.flags['public-key'];
    if (value === undefined || value.startsWith('ed25519:')) return value;
    const file = resolve(this.workingDirectory, value);
    return existsSync(file) ? readFileSync(file, 'utf8') : value;
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
    if (!match || Number(match[1]) === 0)
      this.error(`--expires-in: "${within}" is not <n>h, <n>d or <n>w with n > 0`, { exit: 2 });
    return new Date(Date.now() + Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
  }
}
