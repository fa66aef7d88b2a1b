import type { SecuritySettings } from './profile-schema';
import { Secret } from './secret';
import { profileSeedSources, type SeedSourcesOf } from './seed-source';

/**
 * Environment variables whose values are secret wherever they appear: Confiture's own keys and
 * seed, the principal credential of a token reversal, the cloud key providers' credentials and
 * libpq's password. Every command and the daemon redact their values from everything they print.
 */
export const SECRET_ENVIRONMENT_VARIABLES = [
  'CONFITURE_AUDIT_KEY',
  'CONFITURE_MASTER_KEY',
  'CONFITURE_MASTER_KEY_PREVIOUS',
  'CONFITURE_SEED',
  'CONFITURE_PRINCIPAL_KEY',
  'VAULT_TOKEN',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AZURE_CLIENT_SECRET',
  'AZURE_CLIENT_CERTIFICATE_PASSWORD',
  'AZURE_PASSWORD',
  'PGPASSWORD',
] as const;

/** Options of the key provider (`security.kms`) that name a variable holding a secret. */
const KMS_SECRET_VARIABLE_OPTIONS = ['key_env', 'previous_keys_env', 'token_env'] as const;

/** What a profile can add to the secret sources: the variables its seeds and key provider name. */
export type SecretSourceProfile = SeedSourcesOf & { security?: SecuritySettings };

/**
 * Names of every environment variable that holds a secret: {@link SECRET_ENVIRONMENT_VARIABLES},
 * plus, when a profile is given, each `seed_env_var` it declares and the variables its
 * `security.kms` options name (`key_env`, `previous_keys_env`, `token_env`).
 */
export function secretVariableNames(profile?: SecretSourceProfile): string[] {
  const names = new Set<string>(SECRET_ENVIRONMENT_VARIABLES);
  if (profile) {
    for (const source of profileSeedSources(profile)) {
      if (source.kind === 'env') names.add(source.variable);
    }
    const kms = profile.security?.kms as Record<string, unknown> | undefined;
    for (const option of KMS_SECRET_VARIABLE_OPTIONS) {
      const variable = kms?.[option];
      if (typeof variable === 'string' && variable !== '') names.add(variable);
    }
  }
  return [...names];
}

/**
 * The values of every secret variable set in `env` (see {@link secretVariableNames}), as
 * {@link Secret}s, for `redactSecrets`. The one list of secret sources: the CLI registers these in
 * every command, the daemon redacts its logs and HTTP errors with them.
 */
export function secretEnvironmentValues(
  env: Readonly<Record<string, string | undefined>>,
  options: { profile?: SecretSourceProfile } = {},
): Secret[] {
  const values: Secret[] = [];
  for (const name of secretVariableNames(options.profile)) {
    const value = env[name];
    if (value) values.push(new Secret(value));
  }
  return values;
}
