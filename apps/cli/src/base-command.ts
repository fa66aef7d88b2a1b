import { Command, Flags, Parser, type Interfaces } from '@oclif/core';
import {
  isConfitureError,
  redactSecrets,
  secretEnvironmentValues,
  type ConfitureError,
  type ErrorCode,
  type Secret,
} from '@confiture/domain';
import { FlagValueError, type FlagContext } from './flags';

/** Flags of a command including the shared ones. */
export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof BaseCommand)['baseFlags'] & T['flags']
>;
/** Arguments of a command. */
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

/** Exit codes by error kind; documented in docs/cli.md. */
const EXIT_CODES: Partial<Record<ErrorCode, number>> = {
  FILE_NOT_FOUND: 2,
  YAML_SYNTAX: 2,
  YAML_UNSAFE: 2,
  PROFILE_INVALID: 2,
  CONFIG_INVALID: 2,
  INPUT_INVALID: 2,
  ENVIRONMENT_NOT_FOUND: 2,
  ENVIRONMENT_INVALID: 2,
  ENV_VAR_MISSING: 2,
  SEED_MISSING: 2,
  PLAN_INVALID: 2,
  STRATEGY_OPTIONS: 2,
  STRATEGY_VALUE: 2,
  SYNC_REFUSED: 2,
  CONNECTION_FAILED: 3,
  VERIFICATION_FAILED: 4,
  PII_UNMAPPED: 4,
  INTEGRITY_FAILED: 5,
  ACCESS_DENIED: 6,
};

/** The exit code for an error: 2 bad input, 3 unreachable database, 4 PII risk, 5 tampering, 1 other. */
export function exitCodeFor(error: ConfitureError): number {
  return EXIT_CODES[error.code] ?? 1;
}

/**
 * Shared behaviour of every `confiture` command: `--json` (exactly one JSON document on stdout),
 * parsed flags/args, and one place where errors are rendered, with secrets redacted.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    cwd: Flags.directory({
      summary: 'Directory that holds db/environments/ and the profile.',
      helpGroup: 'GLOBAL',
      exists: true,
    }),
  };

  protected flags!: CommandFlags<T>;
  protected args!: CommandArgs<T>;
  /** What the value flags (`connectionFlag`, `profileFlag`) resolve against, while parsing. */
  protected flagContext?: FlagContext;
  private readonly secrets = new Set<Secret | string>();

  public override async init(): Promise<void> {
    // Before anything can fail: the values of every secret variable (the one list, in domain).
    this.keepSecret(...secretEnvironmentValues(process.env));
    await super.init();
    const baseFlags = (super.ctor as typeof BaseCommand).baseFlags;
    // The value flags resolve names and files against --cwd: read it first.
    this.flagContext = {
      cwd: (await this.cwdFlag(baseFlags)) ?? process.cwd(),
      keepSecret: (...values) => this.keepSecret(...values),
    };
    try {
      const { args, flags } = await this.parse({
        flags: this.ctor.flags,
        baseFlags,
        enableJsonFlag: this.ctor.enableJsonFlag,
        args: this.ctor.args,
        strict: this.ctor.strict,
      });
      this.flags = flags as CommandFlags<T>;
      this.args = args as CommandArgs<T>;
    } catch (error) {
      throw error instanceof FlagValueError ? error.error : error;
    }
  }

  /** `--cwd` as given: a first pass over the arguments with no flag's parser (nor requirement). */
  private async cwdFlag(baseFlags: Interfaces.FlagInput): Promise<string | undefined> {
    // The same definitions, parsed to their raw text: nothing resolved, nothing required yet.
    const loose = <I>(definitions: Record<string, object> = {}) =>
      Object.fromEntries(
        Object.entries(definitions).map(([name, definition]) => [
          name,
          {
            ...definition,
            parse: async (raw: unknown) => raw,
            required: false,
            default: undefined,
          },
        ]),
      ) as unknown as I;
    const { flags } = await Parser.parse(this.argv, {
      flags: loose<Interfaces.FlagInput>({
        ...(this.ctor.enableJsonFlag ? { json: Flags.boolean() } : {}),
        ...baseFlags,
        ...this.ctor.flags,
      }),
      args: loose<Interfaces.ArgInput>(this.ctor.args),
      strict: this.ctor.strict,
      context: this,
    });
    const cwd: unknown = flags['cwd'];
    return typeof cwd === 'string' ? cwd : undefined;
  }

  /** The working directory for relative paths and db/environments. */
  protected get workingDirectory(): string {
    return this.flags.cwd ?? process.cwd();
  }

  /** Registers values that must never be printed (passwords, seeds), whatever goes wrong. */
  protected keepSecret(...values: (Secret | string | undefined)[]): void {
    for (const value of values) if (value !== undefined) this.secrets.add(value);
  }

  /** Writes a line to stderr (never stdout, which `--json` reserves), unless `--json` is on. */
  protected note(line: string): void {
    if (!this.jsonEnabled()) process.stderr.write(this.redact(line) + '\n');
  }

  protected redact(text: string): string {
    return this.secrets.size > 0 ? redactSecrets(text, this.secrets) : text;
  }

  protected override async catch(error: Interfaces.CommandError): Promise<unknown> {
    if (!isConfitureError(error)) {
      // oclif's own errors (unknown flag, missing argument) render themselves; other failures are
      // unexpected: show them without secrets.
      if ((error as { oclif?: unknown }).oclif !== undefined || error.name === 'ExitError') {
        return super.catch(error);
      }
      const message = this.redact(error.message || String(error));
      if (this.jsonEnabled()) {
        this.logJson({ error: { code: 'INTERNAL', message } });
      } else {
        process.stderr.write(`✖ unexpected error: ${message}\n`);
        if (process.env['DEBUG'] && error.stack)
          process.stderr.write(this.redact(error.stack) + '\n');
      }
      return this.exit(1);
    }
    if (this.jsonEnabled()) {
      this.logJson({ error: JSON.parse(this.redact(JSON.stringify(error.toJSON()))) });
    } else {
      process.stderr.write(this.redact(renderError(error)));
    }
    return this.exit(exitCodeFor(error));
  }
}

/** An error as printed on a terminal: the message with its place, every detail, and the hint. */
export function renderError(error: ConfitureError): string {
  const lines = [`✖ ${error.describe()}`];
  for (const detail of error.details) lines.push(`  • ${detail.describe()}`);
  const hint = error.hint ?? error.details.find((d) => d.hint)?.hint;
  if (hint) lines.push(`  hint: ${hint}`);
  return lines.join('\n') + '\n';
}
