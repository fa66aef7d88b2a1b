/** Machine-readable error codes; the CLI maps them to exit codes and the daemon to HTTP problems. */
export const ERROR_CODES = [
  'FILE_NOT_FOUND',
  'YAML_SYNTAX',
  'YAML_UNSAFE',
  'PROFILE_INVALID',
  'CONFIG_INVALID',
  'INPUT_INVALID',
  'ENVIRONMENT_NOT_FOUND',
  'ENVIRONMENT_INVALID',
  'ENV_VAR_MISSING',
  'INPUT_INVALID',
  'SEED_MISSING',
  'CONNECTION_FAILED',
  'PLAN_INVALID',
  'STRATEGY_VALUE',
  'STRATEGY_OPTIONS',
  'SYNC_REFUSED',
  'SYNC_FAILED',
  'VERIFICATION_FAILED',
  'PII_UNMAPPED',
  'INTEGRITY_FAILED',
  'ACCESS_DENIED',
  'KEY_PROVIDER',
  'NOT_FOUND',
  'CONFIG_INVALID',
  'UNAUTHENTICATED',
  'CONFLICT',
  'REQUEST_INVALID',
  'INTERNAL',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Where an error happened: a file and YAML path, or a table and column. */
export interface ErrorLocation {
  file?: string;
  line?: number;
  col?: number;
  /** YAML/object path such as `tables.users.anonymization[0].strategy`. */
  path?: string;
  table?: string;
  column?: string;
}

/** Options of {@link ConfitureError}. */
export interface ConfitureErrorOptions extends ErrorLocation {
  /** What the user can do about it. */
  hint?: string;
  /** Further errors of the same kind (e.g. every invalid field of a profile). */
  details?: readonly ConfitureError[];
  cause?: unknown;
}

/**
 * Every error Confiture reports on purpose: a code, a message that says what failed, where it
 * failed (file, YAML path, table, column) and a hint. Never carries secret values.
 */
export class ConfitureError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly location: ErrorLocation;
  readonly details: readonly ConfitureError[];

  constructor(code: ErrorCode, message: string, options: ConfitureErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConfitureError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details ?? [];
    const { file, line, col, path, table, column } = options;
    this.location = stripUndefined({ file, line, col, path, table, column });
  }

  /** `file:line:col path` or `table.column`, whichever is known; empty when nothing is. */
  get where(): string {
    return formatLocation(this.location);
  }

  /** The message prefixed with its location, as printed to a terminal. */
  describe(): string {
    const where = this.where;
    return where ? `${where}: ${this.message}` : this.message;
  }

  /** A JSON-safe view for `--json` output and HTTP problem details. */
  toJSON(): Record<string, unknown> {
    return stripUndefined({
      code: this.code,
      message: this.message,
      ...this.location,
      hint: this.hint,
      details: this.details.length > 0 ? this.details.map((d) => d.toJSON()) : undefined,
    });
  }
}

/** Whether `value` is a {@link ConfitureError} (also across package copies). */
export function isConfitureError(value: unknown): value is ConfitureError {
  return (
    value instanceof ConfitureError ||
    (value instanceof Error && value.name === 'ConfitureError' && 'code' in value)
  );
}

/** Renders a location as `file:line:col path` or `schema.table.column`. */
export function formatLocation(location: ErrorLocation): string {
  const parts: string[] = [];
  if (location.file) {
    let file = location.file;
    if (location.line !== undefined) file += `:${location.line}`;
    if (location.line !== undefined && location.col !== undefined) file += `:${location.col}`;
    parts.push(file);
  }
  if (location.path) parts.push(location.path);
  if (location.table) {
    parts.push(location.column ? `${location.table}.${location.column}` : location.table);
  } else if (location.column) {
    parts.push(`column ${location.column}`);
  }
  return parts.join(' ');
}

function stripUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
