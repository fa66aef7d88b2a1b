import { inspect } from 'node:util';

const REDACTED = '***';

/**
 * Shortest value {@link redactSecrets} replaces. A shorter one cannot be told from ordinary words
 * (a rejected audit key "short" would turn "too short" into "too ***"); every secret Confiture
 * accepts is longer (audit key ≥ 32, master key 64 hex characters, seed ≥ 128 bits), and passwords
 * inside connection strings are removed by position ({@link redactConnectionString}) whatever
 * their length.
 */
export const MIN_REDACTED_SECRET_LENGTH = 8;

/**
 * A secret value (password, seed, key) that renders as `***` when printed, logged, inspected or
 * serialised. Only {@link Secret.reveal} gives the value back.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The secret itself; call it only where the value is handed to a driver or a cipher. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }
}

/**
 * `text` with every occurrence of each secret (and of its URL-encoded form) replaced by `***`.
 * Values shorter than {@link MIN_REDACTED_SECRET_LENGTH} are left alone: replacing them would
 * shred ordinary words.
 */
export function redactSecrets(
  text: string,
  secrets: Iterable<string | Secret | undefined>,
): string {
  let result = text;
  for (const secret of secrets) {
    if (secret === undefined) continue;
    const value = secret instanceof Secret ? secret.reveal() : secret;
    if (value.length < MIN_REDACTED_SECRET_LENGTH) continue;
    for (const form of new Set([value, encodeURIComponent(value)])) {
      result = result.split(form).join(REDACTED);
    }
  }
  return result;
}

/** A PostgreSQL connection string with its password replaced by `***`. */
export function redactConnectionString(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = REDACTED;
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', REDACTED);
    return parsed.toString().replace('%2A%2A%2A', REDACTED);
  } catch {
    return '<connection string>';
  }
}
