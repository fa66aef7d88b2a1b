import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { ConfitureError } from './confiture-error';
import {
  isConnectionUrl,
  loadEnvironmentFile,
  resolveConnection,
  type ConnectionConfig,
} from './environment';
import { interpolateEnv } from './interpolate-env';
import { formatYamlPath, readYamlFile, type ParsedYaml } from './safe-yaml';
import { combineErrors, issuesToErrors, strictObject } from './zod-issues';

/** Roles of API tokens, weakest first: viewer reads, operator also acts on jobs, admin everything. */
export const DAEMON_ROLES = ['viewer', 'operator', 'admin'] as const;
/** One of {@link DAEMON_ROLES}. */
export type DaemonRole = (typeof DAEMON_ROLES)[number];

/** `${VAR}` leaves numbers as strings; accept "8080" where a number is expected. */
const integer = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v),
    z.number().int().min(min).max(max),
  );

/** A configured name: what API requests and schedules use to refer to an entry. */
const configName = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$/, 'letters, digits, "_", "." and "-", at most 63');

/** Five (or six, with seconds) cron fields; each field of digits, names, `*`, `,`, `-`, `/`, `?`. */
const cronExpression = z.string().refine(
  (text) => {
    const fields = text.trim().split(/\s+/);
    return (
      (fields.length === 5 || fields.length === 6) &&
      fields.every((f) => /^[0-9A-Za-z*?,/#-]+$/.test(f))
    );
  },
  { message: 'not a cron expression of 5 fields (minute hour day month weekday)' },
);

/** An IANA time zone name the runtime knows (`Europe/Paris`, `UTC`). */
const timeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a time zone name (e.g. UTC, Europe/Paris)' },
);

/** How a job writes its target: `in_place` overwrites it, `atomic` builds a copy and swaps names. */
export const SYNC_MODES = ['in_place', 'atomic'] as const;
/** One of {@link SYNC_MODES}. */
export type SyncMode = (typeof SYNC_MODES)[number];

/**
 * Where a job's sync runs: `process` in a child process of the replica (at a lower priority, so the
 * API answers while it runs), `inline` in the replica's own process (for debugging).
 */
export const JOB_ISOLATIONS = ['process', 'inline'] as const;
/** One of {@link JOB_ISOLATIONS}. */
export type JobIsolation = (typeof JOB_ISOLATIONS)[number];

/** `auto` runs after validation; `manual` waits in AWAITING_APPROVAL for an operator. */
export const APPROVAL_MODES = ['auto', 'manual'] as const;
/** One of {@link APPROVAL_MODES}. */
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

/** One API token: its name (in the audit log), its role, and the SHA-256 hex of the token. */
const tokenSchema = strictObject({
  name: configName,
  role: z.enum(DAEMON_ROLES),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be the SHA-256 of the token as 64 hex characters'),
});

/** One cron schedule: which sync to run, when, and how. */
const scheduleSchema = strictObject({
  name: configName,
  cron: cronExpression,
  timezone: timeZone.default('UTC'),
  from: configName,
  to: configName,
  profile: configName,
  approval: z.enum(APPROVAL_MODES).default('auto'),
  mode: z.enum(SYNC_MODES).default('in_place'),
});

/** The daemon configuration file (`confiture-daemon --config <file>`), as written. */
export const daemonConfigSchema = strictObject({
  /** The daemon's own database (its schema, its event table and the pg-boss queue): a URL or an environment file. */
  control: z.string().min(1),
  listen: strictObject({
    host: z.string().min(1).default('127.0.0.1'),
    port: integer(0, 65535).default(8080),
  }).default({ host: '127.0.0.1', port: 8080 }),
  auth: strictObject({
    tokens: z.array(tokenSchema).min(1),
  }),
  /** The only databases the daemon ever connects to: name → environment file or postgresql:// URL. */
  environments: z.record(configName, z.string().min(1)),
  /** The only profiles the daemon ever reads: name → profile file. */
  profiles: z.record(configName, z.string().min(1)),
  /** compliance.yaml: the controller facts of `GET /compliance/reports/{regulation}` (optional). */
  compliance: z.string().min(1).optional(),
  schedules: z.array(scheduleSchema).default([]),
  jobs: strictObject({
    /** Seconds a pg-boss lease lasts; a replica killed mid-job is replaced within about this (see docs/daemon.md). */
    lease_seconds: integer(5, 3600).default(30),
    /** Seconds between pg-boss maintenance runs (where expired leases are noticed). */
    maintenance_seconds: integer(1, 600).default(10),
    /** Seconds between queue polls of an idle replica. */
    polling_seconds: integer(1, 60).default(2),
    /** Longest a job may run, in hours (bounds the number of lease renewals). */
    max_run_hours: integer(1, 24 * 14).default(24),
    /** Tables/chunks copied in parallel by one job (default: the profile's parallel_workers). */
    workers: integer(1, 64).optional(),
    /**
     * Worker threads for the strategies (default: cores − 2, at most 4, and at least 1 so that the
     * strategies never run on the thread that answers the API).
     */
    threads: integer(0, 64).optional(),
    /** Rows per chunk of large tables: the unit a handed-back job resumes from. */
    chunk_rows: integer(1, 1_000_000_000).optional(),
    /** Where a job's sync runs: `process` (a child process of the replica) or `inline`. */
    isolation: z.enum(JOB_ISOLATIONS).default('process'),
  }).default({
    lease_seconds: 30,
    maintenance_seconds: 10,
    polling_seconds: 2,
    max_run_hours: 24,
    isolation: 'process',
  }),
  atomic: strictObject({
    /** Seconds clients of the target get to disconnect at the swap before they are terminated. */
    grace_seconds: integer(0, 3600).default(30),
    /** After the grace period: `terminate` the remaining sessions, or `fail` the swap. */
    on_open_connections: z.enum(['terminate', 'fail']).default('terminate'),
    /** Database on the target's server used while renaming (the target cannot be renamed from inside). */
    maintenance_database: configName.default('postgres'),
  }).default({
    grace_seconds: 30,
    on_open_connections: 'terminate',
    maintenance_database: 'postgres',
  }),
  shutdown: strictObject({
    /** Seconds SIGTERM waits for a running job to finish before handing it back at the next chunk. */
    grace_seconds: integer(0, 3600).default(10),
  }).default({ grace_seconds: 10 }),
});

/** The daemon configuration document after validation and defaults. */
export type DaemonConfigDocument = z.output<typeof daemonConfigSchema>;

/** One schedule of {@link DaemonConfig}. */
export type DaemonSchedule = DaemonConfigDocument['schedules'][number];

/** One API token of {@link DaemonConfig}. */
export type DaemonToken = DaemonConfigDocument['auth']['tokens'][number];

/** A validated daemon configuration: file references made absolute, cross-references checked. */
export interface DaemonConfig extends Omit<
  DaemonConfigDocument,
  'environments' | 'profiles' | 'compliance'
> {
  /** The configuration file. */
  file: string;
  /** Environment name → absolute environment file or postgresql:// URL. */
  environments: Record<string, string>;
  /** Profile name → absolute profile file. */
  profiles: Record<string, string>;
  /** Absolute path of compliance.yaml, when configured. */
  compliance?: string;
}

/**
 * Reads and validates a daemon configuration file: safe YAML, `${VAR}` from `env` only, a strict
 * schema, unique names, and schedules that name configured environments and profiles. Every
 * error names the file and the YAML path. Files named in it are resolved against its directory.
 */
export function loadDaemonConfig(
  file: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): DaemonConfig {
  const parsed = readYamlFile(file);
  return parseDaemonConfig(parsed, env);
}

/** {@link loadDaemonConfig} for an already parsed document. */
export function parseDaemonConfig(
  parsed: ParsedYaml,
  env: Readonly<Record<string, string | undefined>> = process.env,
): DaemonConfig {
  const { file } = parsed;
  const { value } = interpolateEnv(parsed.value ?? {}, { env, file, locate: parsed.locate });
  const result = daemonConfigSchema.safeParse(value);
  if (!result.success) {
    // Bad values are quoted as written, so that an interpolated secret never reaches a message.
    throw combineErrors(
      issuesToErrors(result.error.issues, {
        code: 'CONFIG_INVALID',
        file,
        input: parsed.value,
        locate: parsed.locate,
      }),
      `invalid daemon configuration ${file}`,
      'See docs/daemon.md for the configuration reference.',
    );
  }
  const doc = result.data;
  const errors: ConfitureError[] = [];
  const problem = (path: (string | number)[], message: string, hint?: string) =>
    errors.push(
      new ConfitureError('CONFIG_INVALID', message, {
        file,
        path: formatYamlPath(path),
        ...(parsed.locate(path) ?? {}),
        ...(hint ? { hint } : {}),
      }),
    );
  const duplicates = (list: { name: string }[], at: string) => {
    const seen = new Set<string>();
    list.forEach((item, index) => {
      if (seen.has(item.name)) problem([at, index, 'name'], `"${item.name}" is used twice`);
      seen.add(item.name);
    });
  };
  duplicates(doc.auth.tokens, 'auth');
  duplicates(doc.schedules, 'schedules');
  doc.schedules.forEach((schedule, index) => {
    for (const side of ['from', 'to'] as const) {
      if (!(schedule[side] in doc.environments)) {
        problem(
          ['schedules', index, side],
          `environment "${schedule[side]}" is not configured`,
          `Add it under environments:, or use one of: ${Object.keys(doc.environments).join(', ') || '(none)'}.`,
        );
      }
    }
    if (!(schedule.profile in doc.profiles)) {
      problem(
        ['schedules', index, 'profile'],
        `profile "${schedule.profile}" is not configured`,
        `Add it under profiles:, or use one of: ${Object.keys(doc.profiles).join(', ') || '(none)'}.`,
      );
    }
  });
  // Token hashes are compared as lowercase hex; the same hash twice would make names ambiguous.
  const hashes = new Map<string, string>();
  doc.auth.tokens.forEach((token, index) => {
    const hash = token.sha256.toLowerCase();
    const other = hashes.get(hash);
    if (other) problem(['auth', 'tokens', index, 'sha256'], `the same token as "${other}"`);
    hashes.set(hash, token.name);
  });
  if (errors.length > 0) {
    throw combineErrors(errors, `invalid daemon configuration ${file}`);
  }
  const base = dirname(resolve(file));
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(base, path));
  const { compliance, ...rest } = doc;
  return {
    ...rest,
    ...(compliance !== undefined ? { compliance: absolute(compliance) } : {}),
    auth: { tokens: doc.auth.tokens.map((t) => ({ ...t, sha256: t.sha256.toLowerCase() })) },
    file,
    environments: Object.fromEntries(
      Object.entries(doc.environments).map(([name, ref]) => [
        name,
        isConnectionUrl(ref) ? ref : absolute(ref),
      ]),
    ),
    profiles: Object.fromEntries(
      Object.entries(doc.profiles).map(([name, path]) => [name, absolute(path)]),
    ),
  };
}

/**
 * The connection of a configured environment (`production`), or of `control`: a URL is parsed,
 * a file is read as an environment file. Names the config does not hold are refused here, so that
 * nothing else can make the daemon connect anywhere.
 */
export function daemonConnection(
  config: Pick<DaemonConfig, 'environments' | 'file'>,
  name: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ConnectionConfig {
  if (!Object.prototype.hasOwnProperty.call(config.environments, name)) {
    throw new ConfitureError('ENVIRONMENT_NOT_FOUND', `environment "${name}" is not configured`, {
      hint: `The daemon only connects to the environments its configuration names: ${Object.keys(config.environments).join(', ') || '(none)'}.`,
    });
  }
  return connectionOf(config.environments[name]!, name, config.file, env);
}

/** The control database's connection (`control:` of the configuration). */
export function daemonControlConnection(
  config: Pick<DaemonConfig, 'control' | 'file'>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ConnectionConfig {
  return connectionOf(config.control, 'control', config.file, env);
}

function connectionOf(
  ref: string,
  name: string,
  configFile: string,
  env: Readonly<Record<string, string | undefined>>,
): ConnectionConfig {
  if (isConnectionUrl(ref)) {
    const connection = resolveConnection(ref, { env });
    return { ...connection, name, label: `${name} (${connection.label})` };
  }
  const file = isAbsolute(ref) ? ref : resolve(dirname(resolve(configFile)), ref);
  return loadEnvironmentFile(file, name, env);
}
