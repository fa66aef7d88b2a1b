import { resolve } from 'node:path';
import { Flags } from '@oclif/core';
import {
  ConfitureError,
  isConfitureError,
  loadProfile,
  resolveConnection,
  secretEnvironmentValues,
  type ConnectionConfig,
  type Profile,
  type Secret,
} from '@confiture/domain';
import { strategyCatalog } from '@confiture/strategies';

/**
 * What value flags resolve against: the command's working directory (`--cwd`), and where the
 * secrets they read are registered so that no output shows them. `BaseCommand` sets it on the
 * command before parsing.
 */
export interface FlagContext {
  cwd: string;
  keepSecret(...values: (Secret | string | undefined)[]): void;
}

/** A command that carries a {@link FlagContext} while its flags are parsed. */
interface WithFlagContext {
  flagContext?: FlagContext;
}

/**
 * A ConfitureError a flag's value led to, carried through oclif (which rewrites the message of an
 * error a flag parser throws) so that `BaseCommand` renders it like any other: same message,
 * place, hint and exit code.
 */
export class FlagValueError extends Error {
  constructor(readonly error: ConfitureError) {
    super(error.message);
  }
}

/** The flag context of the command being parsed (oclif hands a flag parser a copy of it). */
function contextOf(command: unknown): FlagContext {
  const context = (command as unknown as WithFlagContext).flagContext;
  return context ?? { cwd: process.cwd(), keepSecret: () => undefined };
}

/** Runs `resolveValue`; a ConfitureError it throws is kept whole (see {@link FlagValueError}). */
function keepingErrors<T>(resolveValue: () => T): T {
  try {
    return resolveValue();
  } catch (error) {
    throw isConfitureError(error) ? new FlagValueError(error) : error;
  }
}

/**
 * A database given as an environment name (`db/environments/<name>.yaml` under `--cwd`) or a
 * `postgresql://` URL, resolved the way every command resolves one; its password becomes a secret.
 */
export function resolveConnectionRef(ref: string, context: FlagContext): ConnectionConfig {
  const connection = resolveConnection(ref, { cwd: context.cwd, env: process.env });
  context.keepSecret(connection.password);
  return connection;
}

/**
 * A flag naming a database (`--from`, `--to`, `--env`) whose value is the resolved connection
 * (as Salesforce's `Flags.requiredOrg()` gives an org): a missing file, variable or bad URL is
 * the same one-line error, exit code 2, as anywhere else.
 */
export const connectionFlag = Flags.custom<ConnectionConfig>({
  helpValue: '<env|url>',
  parse: async (input, command) =>
    keepingErrors(() => resolveConnectionRef(input, contextOf(command))),
});

/**
 * A flag naming a profile file (`--profile`, under `--cwd`) whose value is the loaded profile; the
 * variables it names for seeds and its key provider become secrets.
 */
export const profileFlag = Flags.custom<Profile>({
  helpValue: '<file>',
  parse: async (input, command) =>
    keepingErrors(() => {
      const context = contextOf(command);
      const profile = loadProfile(resolve(context.cwd, input), { catalog: strategyCatalog });
      context.keepSecret(...secretEnvironmentValues(process.env, { profile }));
      return profile;
    }),
});

const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/**
 * Seconds of a duration flag's value: a number of seconds (`30`, `0.5`) or with a unit (`500ms`,
 * `30s`, `2m`, `1h`), at most `maxSeconds`. Anything else is INPUT_INVALID naming the flag.
 */
export function parseDurationSeconds(input: string, flag: string, maxSeconds: number): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(input.trim());
  const seconds = match ? Number(match[1]) * DURATION_UNITS[match[2] ?? 's']! : Number.NaN;
  if (!Number.isFinite(seconds) || seconds > maxSeconds) {
    throw new ConfitureError(
      'INPUT_INVALID',
      match
        ? `${flag}: ${input} is longer than ${maxSeconds} s`
        : `${flag}: "${input}" is not a duration`,
      {
        hint: `Give seconds (30, 30s), milliseconds (500ms), minutes (2m) or hours (1h), at most ${maxSeconds} s.`,
      },
    );
  }
  return seconds;
}

/** A duration flag (see {@link parseDurationSeconds}) whose value is in seconds. */
export const durationFlag = (flag: string, maxSeconds: number) =>
  Flags.custom<number>({
    helpValue: '<duration>',
    parse: async (input) => keepingErrors(() => parseDurationSeconds(input, flag, maxSeconds)),
  });
