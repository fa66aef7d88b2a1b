import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfitureError } from './confiture-error';
import { interpolateEnv } from './interpolate-env';
import { readYamlFile } from './safe-yaml';
import { redactConnectionString, Secret } from './secret';
import { combineErrors, issuesToErrors, strictObject } from './zod-issues';

const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;

/** `${VAR}` leaves numbers as strings; accept "5432" where a number is expected. */
const integer = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v),
    z.number().int().min(min).max(max),
  );
const boolean = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());

/** An environment file, `db/environments/<name>.yaml`, as written. */
export const environmentDocumentSchema = strictObject({
  url: z.string().min(1).optional(),
  host: z.string().min(1).optional(),
  port: integer(1, 65535).optional(),
  database: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
  password: z.string().optional(),
  ssl_mode: z.enum(SSL_MODES).optional(),
  ssl_cert: z.string().min(1).optional(),
  ssl_key: z.string().min(1).optional(),
  ssl_root_cert: z.string().min(1).optional(),
  readonly: boolean.default(false),
  connect_timeout: integer(1, 3600).default(10),
  statement_timeout: integer(0, 7 * 24 * 3600).optional(),
  application_name: z.string().min(1).optional(),
  /** Accepted for compatibility with seed 004's files; Confiture sizes its own connections. */
  pool_size: integer(1, 1000).optional(),
  max_overflow: integer(0, 1000).optional(),
  description: z.string().optional(),
});

/** An environment document after validation and defaults. */
export type EnvironmentDocument = z.output<typeof environmentDocumentSchema>;

/** How to reach a database; `password` is a {@link Secret}, `label` is safe to print. */
export interface ConnectionConfig {
  /** The environment name, or `url` when given as a connection string. */
  name: string;
  /** `name (user@host:port/database)`, with no secret in it. */
  label: string;
  host: string;
  port: number;
  database: string;
  user: string;
  password?: Secret;
  sslMode: (typeof SSL_MODES)[number];
  sslCert?: string;
  sslKey?: string;
  sslRootCert?: string;
  readonly: boolean;
  connectTimeoutSeconds: number;
  statementTimeoutSeconds?: number;
  applicationName: string;
  /** The environment file it came from. */
  file?: string;
}

/** Options of {@link resolveConnection}. */
export interface ResolveConnectionOptions {
  /** Directory holding `<name>.yaml` files; default `db/environments` under `cwd`. */
  environmentsDir?: string;
  cwd?: string;
  env?: Readonly<Record<string, string | undefined>>;
}

/** Whether `ref` is a PostgreSQL connection string rather than an environment name. */
export function isConnectionUrl(ref: string): boolean {
  return /^postgres(ql)?:\/\//i.test(ref);
}

/**
 * Resolves `--from`/`--to`/`--env` values: an environment name (`production` reads
 * `db/environments/production.yaml`) or a `postgresql://` URL.
 */
export function resolveConnection(
  ref: string,
  options: ResolveConnectionOptions = {},
): ConnectionConfig {
  const env = options.env ?? process.env;
  if (isConnectionUrl(ref)) return fromUrl(ref, 'url', env);
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(ref)) {
    throw new ConfitureError(
      'ENVIRONMENT_NOT_FOUND',
      `"${ref}" is neither an environment name nor a postgresql:// URL`,
      {
        hint: 'Use a name such as `staging` (read from db/environments/staging.yaml) or postgresql://user@host:5432/db.',
      },
    );
  }
  const dir = resolve(
    options.cwd ?? process.cwd(),
    options.environmentsDir ?? join('db', 'environments'),
  );
  const file = ['.yaml', '.yml'].map((ext) => join(dir, ref + ext)).find((f) => existsSync(f));
  if (!file) {
    throw new ConfitureError('ENVIRONMENT_NOT_FOUND', `environment "${ref}" not found`, {
      file: join(dir, `${ref}.yaml`),
      hint: `Create ${join(dir, `${ref}.yaml`)} (host, port, database, user, password: \${VAR}) or pass a postgresql:// URL.`,
    });
  }
  return loadEnvironmentFile(file, ref, env);
}

/** Reads an environment file, interpolating `${VAR}` from `env`. */
export function loadEnvironmentFile(
  file: string,
  name: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ConnectionConfig {
  const parsed = readYamlFile(file);
  const { value } = interpolateEnv(parsed.value ?? {}, { env, file, locate: parsed.locate });
  const result = environmentDocumentSchema.safeParse(value);
  if (!result.success) {
    // Quote bad values from the file as written, so an interpolated secret never reaches a message.
    throw combineErrors(
      issuesToErrors(result.error.issues, {
        code: 'ENVIRONMENT_INVALID',
        file,
        input: parsed.value,
        locate: parsed.locate,
      }),
      `invalid environment ${file}`,
      'See docs/environments.md for the environment file format.',
    );
  }
  const doc = result.data;
  const fromUrlPart = doc.url ? fromUrl(doc.url, name, env, file) : undefined;
  const host = doc.host ?? fromUrlPart?.host;
  const database = doc.database ?? fromUrlPart?.database;
  if (!host || !database) {
    throw new ConfitureError(
      'ENVIRONMENT_INVALID',
      `environment "${name}" needs ${!host ? 'host' : 'database'} (or url)`,
      {
        file,
        hint: 'Set host, port, database and user, or url: postgresql://user@host:5432/db.',
      },
    );
  }
  const user = doc.user ?? fromUrlPart?.user ?? env['PGUSER'] ?? 'postgres';
  const port = doc.port ?? fromUrlPart?.port ?? 5432;
  const password =
    doc.password !== undefined && doc.password !== ''
      ? new Secret(doc.password)
      : fromUrlPart?.password;
  return {
    name,
    label: `${name} (${user}@${hostLabel(host)}:${port}/${database})`,
    host,
    port,
    database,
    user,
    ...(password ? { password } : {}),
    sslMode: doc.ssl_mode ?? fromUrlPart?.sslMode ?? 'prefer',
    ...(doc.ssl_cert ? { sslCert: doc.ssl_cert } : {}),
    ...(doc.ssl_key ? { sslKey: doc.ssl_key } : {}),
    ...(doc.ssl_root_cert ? { sslRootCert: doc.ssl_root_cert } : {}),
    readonly: doc.readonly,
    connectTimeoutSeconds: doc.connect_timeout,
    ...(doc.statement_timeout !== undefined
      ? { statementTimeoutSeconds: doc.statement_timeout }
      : {}),
    applicationName: doc.application_name ?? 'confiture',
    file,
  };
}

/** A host as it is written in a URL: an IPv6 literal in brackets. */
function hostLabel(host: string): string {
  return host.includes(':') && !host.startsWith('/') ? `[${host}]` : host;
}

function fromUrl(
  url: string,
  name: string,
  env: Readonly<Record<string, string | undefined>>,
  file?: string,
): ConnectionConfig {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfitureError(
      'ENVIRONMENT_INVALID',
      `not a valid connection string: ${redactConnectionString(url)}`,
      {
        ...(file ? { file, path: 'url' } : {}),
        hint: 'Use postgresql://user:password@host:5432/database',
      },
    );
  }
  const invalid = (what: string) =>
    new ConfitureError(
      'ENVIRONMENT_INVALID',
      `not a valid connection string: ${what} in ${redactConnectionString(url)}`,
      {
        ...(file ? { file, path: 'url' } : {}),
        hint: 'Use postgresql://user:password@host:5432/database; percent-encode reserved characters (%40 for @).',
      },
    );
  const decode = (part: string, what: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw invalid(`malformed percent-encoding in the ${what}`);
    }
  };
  const params = parsed.searchParams;
  const socketHost = params.get('host');
  // WHATWG URL keeps an IPv6 literal in brackets ("[::1]"); libpq and node-postgres want it bare.
  const urlHost = /^\[.*\]$/.test(parsed.hostname)
    ? parsed.hostname.slice(1, -1)
    : decode(parsed.hostname, 'host');
  const host = urlHost || socketHost || env['PGHOST'] || 'localhost';
  const port = parsed.port
    ? Number(parsed.port)
    : Number(params.get('port') ?? env['PGPORT'] ?? 5432);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalid('port out of range');
  const database =
    decode(parsed.pathname.replace(/^\//, ''), 'database name') ||
    params.get('dbname') ||
    env['PGDATABASE'] ||
    'postgres';
  const user =
    decode(parsed.username, 'user name') || params.get('user') || env['PGUSER'] || 'postgres';
  const passwordText = parsed.password
    ? decode(parsed.password, 'password')
    : (params.get('password') ?? env['PGPASSWORD']);
  const sslParam = params.get('sslmode');
  const sslMode = (SSL_MODES as readonly string[]).includes(sslParam ?? '')
    ? (sslParam as ConnectionConfig['sslMode'])
    : 'prefer';
  const connectTimeout = Number(params.get('connect_timeout') ?? 10);
  return {
    name,
    label:
      name === 'url'
        ? `${user}@${hostLabel(host)}:${port}/${database}`
        : `${name} (${user}@${hostLabel(host)}:${port}/${database})`,
    host,
    port,
    database,
    user,
    ...(passwordText ? { password: new Secret(passwordText) } : {}),
    sslMode,
    readonly: false,
    connectTimeoutSeconds:
      Number.isFinite(connectTimeout) && connectTimeout > 0 ? connectTimeout : 10,
    applicationName: params.get('application_name') ?? 'confiture',
    ...(file ? { file } : {}),
  };
}
