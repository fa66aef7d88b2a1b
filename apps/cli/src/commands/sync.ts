import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Args, Flags } from '@oclif/core';
import {
  ConfitureError,
  loadProfile,
  resolveProfile,
  secretEnvironmentValues,
  type ConnectionConfig,
  type Profile,
  type SyncReport,
} from '@confiture/domain';
import { parseHmacBackend, strategyCatalog } from '@confiture/strategies';
import { runGovernedSync, type GovernanceReport } from '@confiture/governance';
import { createSecurityRecorder } from '@confiture/security';
import type { TargetState } from '@confiture/sync';
import { atomicSync } from '../atomic-sync';
import { BaseCommand } from '../base-command';
import { connectionFlag, durationFlag, profileFlag, resolveConnectionRef } from '../flags';
import { renderReport, SyncProgress } from '../sync-progress';

export default class Sync extends BaseCommand<typeof Sync> {
  static override summary =
    'Copy a PostgreSQL database with every PII column anonymized on the way.';

  static override description = `Copies schema and data from --from to --to in one consistent snapshot, applying the
anonymization profile to every row as it streams (COPY out → strategies → COPY in), tables in
parallel and in constant memory. Then verifies that no source value of an anonymized column
reached the target, that row counts match and foreign keys hold, and records the run.

--from and --to take an environment name (db/environments/<name>.yaml) or a postgresql:// URL.
The seeds' form "confiture sync production-to-staging --anonymize" is accepted too.
An interrupted sync leaves a target marked incomplete; --resume continues it.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> --from production --to local --profile anonymization_config.yaml',
    '<%= config.bin %> <%= command.id %> --from postgresql://ro@prod/shop --to postgresql://localhost/shop --yes',
    '<%= config.bin %> <%= command.id %> production-to-staging --anonymize --dry-run',
    '<%= config.bin %> <%= command.id %> --from production --to staging --resume',
    '<%= config.bin %> <%= command.id %> --from production --to staging --atomic --atomic-grace 10s --on-open-connections fail',
  ];

  static override args = {
    route: Args.string({
      description:
        'Seeds form: <from>-to-<to>, e.g. production-to-staging (instead of --from/--to).',
      required: false,
    }),
  };

  static override flags = {
    from: connectionFlag({
      summary: 'Source: environment name or postgresql:// URL (opened read-only).',
    }),
    to: connectionFlag({ summary: 'Target: environment name or postgresql:// URL (overwritten).' }),
    profile: profileFlag({
      summary:
        'Anonymization profile (default: anonymization_config.yaml in the working directory).',
    }),
    anonymize: Flags.boolean({
      summary: 'Anonymize with the profile (the seeds form; required there).',
    }),
    yes: Flags.boolean({ char: 'y', summary: 'Overwrite a non-empty target without asking.' }),
    'dry-run': Flags.boolean({
      summary:
        'Show the plan and a before/after sample of every rule (source values masked); write nothing.',
    }),
    'show-values': Flags.boolean({
      summary:
        'With --dry-run, print raw source values in the before/after sample (masked by default): only for people allowed to see the source data.',
      dependsOn: ['dry-run'],
    }),
    resume: Flags.boolean({ summary: 'Continue the last unfinished sync into this target.' }),
    atomic: Flags.boolean({
      summary:
        'Build the copy in a new database beside the target and swap names after verification (docs/sync.md).',
    }),
    'atomic-grace': durationFlag(
      '--atomic-grace',
      3600,
    )({
      summary:
        'With --atomic: how long clients of the target get to disconnect at the swap (default 30s; e.g. 0, 10s, 2m).',
      dependsOn: ['atomic'],
    }),
    'on-open-connections': Flags.option({
      options: ['terminate', 'fail'] as const,
      summary:
        'With --atomic: sessions still open after the grace period are ended (terminate, the default) or the swap is refused and the new copy dropped (fail).',
      dependsOn: ['atomic'],
    })(),
    verify: Flags.boolean({
      summary: 'Verify after copying (default: the profile’s verify_after_sync).',
      allowNo: true,
    }),
    workers: Flags.integer({
      summary:
        'Tables/chunks copied in parallel (default: the profile’s parallel_workers, at most the CPU cores − 1).',
      min: 1,
      max: 64,
    }),
    'chunk-rows': Flags.integer({
      summary:
        'Rows per key-range chunk of large tables: the unit of parallel copy and of --resume (default 1,000,000).',
      min: 1,
    }),
    threads: Flags.integer({
      summary:
        'Worker threads for anonymization (default: CPU cores − 2, at most 4; 0 = main thread).',
      min: 0,
      max: 64,
    }),
    tables: Flags.string({
      summary: 'Copy rows only for these tables (comma-separated); the others are created empty.',
    }),
    'strict-schema': Flags.boolean({
      summary: 'Refuse to sync when the schema copy would leave out an object of the source.',
    }),
    'allow-pii': Flags.boolean({
      summary:
        'Declare the source free of PII: copy without a profile; PII found is a warning, not exit 4 (unless the profile sets fail_on_pii_leak).',
    }),
  };

  async run(): Promise<SyncReport & { governance: GovernanceReport }> {
    const { flags } = this;
    const cwd = this.workingDirectory;
    const [source, target] = this.route();
    const profile = this.profile(cwd);
    // The variables this profile names for its seeds and key provider, beside the usual ones.
    this.keepSecret(...secretEnvironmentValues(process.env, { profile }));
    // The one place the HMAC backend is read from the environment; the sync checks it loads.
    const hmacBackend = parseHmacBackend(process.env['CONFITURE_HMAC']);
    // Before anything is written: the audit key (and the master key when the profile tokenizes).
    const recorder = createSecurityRecorder({ profile, env: process.env, cwd });
    const progress = new SyncProgress();
    if (!this.jsonEnabled()) {
      this.note(`confiture sync: ${source.label} → ${target.label}`);
      this.note(
        `profile ${profile.name}${profile.file ? ` (${profile.file})` : ''}, sha256 ${profile.sha256.slice(0, 12)}…`,
      );
    }
    try {
      const sync = (into: ConnectionConfig, resume: boolean) =>
        runGovernedSync({
          source,
          target: into,
          profile,
          ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
          ...(flags['chunk-rows'] !== undefined ? { chunkRows: flags['chunk-rows'] } : {}),
          ...(flags.threads !== undefined ? { transformThreads: flags.threads } : {}),
          ...(flags.verify !== undefined ? { verify: flags.verify } : {}),
          ...(flags.tables
            ? {
                onlyTables: flags.tables
                  .split(',')
                  .map((t) => t.trim())
                  .filter(Boolean),
              }
            : {}),
          dryRun: flags['dry-run'],
          ...(flags['allow-pii'] ? { governance: { allowPii: true } } : {}),
          ...(flags['show-values'] ? { showSampleValues: true } : {}),
          ...(flags['strict-schema'] ? { strictSchema: true } : {}),
          hmacBackend,
          recorder:
            into === target ? recorder : createSecurityRecorder({ profile, env: process.env, cwd }),
          resume,
          confirmOverwrite: (state) => this.confirmOverwrite(state),
          ...(this.jsonEnabled() ? {} : { onEvent: progress.handle }),
        });
      const { report, governance } =
        flags.atomic && !flags['dry-run']
          ? await atomicSync(target, flags.resume, (s) => this.confirmOverwrite({ ...s }), sync, {
              ...(flags['atomic-grace'] !== undefined
                ? { graceSeconds: flags['atomic-grace'] }
                : {}),
              ...(flags['on-open-connections']
                ? { onOpenConnections: flags['on-open-connections'] }
                : {}),
            })
          : await sync(target, flags.resume);
      if (!this.jsonEnabled()) this.log(renderReport(report, governance));
      return { ...report, governance };
    } finally {
      progress.stop();
    }
  }

  /** `--from/--to`, or the seeds' `<from>-to-<to>` argument. */
  private route(): [ConnectionConfig, ConnectionConfig] {
    const { flags, args } = this;
    if (args.route) {
      if (flags.from || flags.to) {
        throw new ConfitureError(
          'SYNC_REFUSED',
          `give either "${args.route}" or --from/--to, not both`,
        );
      }
      const match = /^(.+?)-to-(.+)$/.exec(args.route);
      if (!match) {
        throw new ConfitureError(
          'SYNC_REFUSED',
          `"${args.route}" is not of the form <from>-to-<to>`,
          {
            hint: 'For example: confiture sync production-to-staging --anonymize',
          },
        );
      }
      if (!flags.anonymize && !flags['allow-pii']) {
        throw new ConfitureError('SYNC_REFUSED', 'the <from>-to-<to> form needs --anonymize', {
          hint: `Run: confiture sync ${args.route} --anonymize`,
        });
      }
      const context = { cwd: this.workingDirectory, keepSecret: this.keepSecret.bind(this) };
      return [resolveConnectionRef(match[1]!, context), resolveConnectionRef(match[2]!, context)];
    }
    if (!flags.from || !flags.to) {
      throw new ConfitureError(
        'SYNC_REFUSED',
        'say where to copy from and to: --from <env|url> --to <env|url>',
        {
          hint: 'Environments are db/environments/<name>.yaml; URLs look like postgresql://user@host:5432/db.',
        },
      );
    }
    return [flags.from, flags.to];
  }

  /**
   * The profile to apply: --profile, else anonymization_config.yaml when it exists, else an empty
   * one (nothing anonymized; refused by the PII gate when the source holds PII, unless --allow-pii).
   */
  private profile(cwd: string): Profile {
    const { flags } = this;
    if (flags.profile) return flags.profile;
    const file = resolve(cwd, 'anonymization_config.yaml');
    if (existsSync(file)) return loadProfile(file, { catalog: strategyCatalog });
    if (flags.anonymize) {
      throw new ConfitureError(
        'FILE_NOT_FOUND',
        `--anonymize needs a profile and ${file} does not exist`,
        {
          file,
          hint: 'Write anonymization_config.yaml (see docs/profile.md) or pass --profile <file>.',
        },
      );
    }
    // No profile: every value would be copied as is. Detection still runs, and a source with PII
    // is refused (on_unmapped_pii: fail) unless --allow-pii turns that into a warning.
    if (flags['allow-pii'])
      this.warn('no anonymization profile and --allow-pii: values are copied as they are');
    return resolveProfile(
      { name: 'no-profile', global: { on_unmapped_pii: flags['allow-pii'] ? 'warn' : 'fail' } },
      { catalog: strategyCatalog },
    );
  }

  /** Asks before overwriting; refuses without a terminal unless --yes. */
  private async confirmOverwrite(state: TargetState): Promise<boolean> {
    if (this.flags.yes) return true;
    if (this.jsonEnabled() || !process.stdin.isTTY || !process.stderr.isTTY) return false;
    const what = state.incompleteRun
      ? `holds an unfinished sync (run ${state.incompleteRun.runId}, phase ${state.incompleteRun.phase})`
      : `holds ${state.tables} tables`;
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await rl.question(
        `The target ${state.label} ${what}. Drop everything in it and copy? [y/N] `,
      );
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      rl.close();
    }
  }
}
