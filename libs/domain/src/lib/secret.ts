import { inspect } from 'node:util';

const REDACTED = '***';

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
 * Secrets shorter than 4 characters are left alone: replacing them would shred ordinary words.
 */
export function redactSecrets(
  text: string,
  secrets: Iterable<string | Secret | undefined>,
): string {
  let result = text;
  for (const secret of secrets) {
    if (secret === undefined) continue;
    const value = secret instanceof Secret ? secret.reveal() : secret;
    if (value.length < 4) continue;
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
