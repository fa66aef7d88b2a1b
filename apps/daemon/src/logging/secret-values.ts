import { redactSecrets, secretEnvironmentValues, type Secret } from '@confiture/domain';

/**
 * The secret values this process knows (the secret variables' values, those its profiles name,
 * database passwords): every
 * log line and stored error message passes through {@link SecretValues.redact}.
 */
export class SecretValues {
  private readonly values = new Set<string | Secret>();

  constructor(env: Readonly<Record<string, string | undefined>>) {
    // The one list of secret sources, as the CLI registers it.
    this.add(...secretEnvironmentValues(env));
  }

  /** Adds secrets (undefined is ignored). */
  add(...values: (string | Secret | undefined)[]): void {
    for (const value of values) if (value !== undefined) this.values.add(value);
  }

  /** `text` with every known secret replaced by `***`. */
  redact(text: string): string {
    return redactSecrets(text, this.values);
  }
}
