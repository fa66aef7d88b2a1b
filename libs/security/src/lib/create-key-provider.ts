import { resolve } from 'node:path';
import {
  combineErrors,
  ConfitureError,
  envVarName,
  interpolateEnv,
  issuesToErrors,
  Secret,
  strictObject,
  type SecuritySettings,
} from '@confiture/domain';
import { z } from 'zod';
import { AwsKmsKeyProvider } from './aws-kms-key-provider';
import { AzureKeyVaultKeyProvider } from './azure-key-vault-key-provider';
import type { KeyProvider } from './key-provider';
import { LocalKeyProvider } from './local-key-provider';
import { VaultTransitKeyProvider } from './vault-transit-key-provider';

const localSettings = strictObject({
  provider: z.literal('local'),
  /** Variable holding the current master key (64 hex characters). */
  key_env: envVarName.default('CONFITURE_MASTER_KEY'),
  /** Variable holding older master keys, comma-separated, still used to decrypt. */
  previous_keys_env: envVarName.default('CONFITURE_MASTER_KEY_PREVIOUS'),
  /** A key file (`{"keys": [...]}`, mode 0600) instead of the variables; rotation appends to it. */
  key_file: z.string().min(1).optional(),
});

const awsSettings = strictObject({
  provider: z.literal('aws'),
  key_id: z.string().min(1),
  region: z.string().min(1).optional(),
  /** Endpoint override (VPC endpoint, or a KMS-compatible server in tests). */
  endpoint: z.url().optional(),
  /** A profile from ~/.aws/config; default: the SDK's credential chain. */
  profile: z.string().min(1).optional(),
});

const vaultSettings = strictObject({
  provider: z.literal('vault'),
  /** Default: the VAULT_ADDR variable. */
  address: z.url().optional(),
  /** Variable holding the Vault token; default VAULT_TOKEN. */
  token_env: envVarName.default('VAULT_TOKEN'),
  key_name: z.string().min(1),
  mount: z.string().min(1).default('transit'),
  namespace: z.string().min(1).optional(),
});

const azureSettings = strictObject({
  provider: z.literal('azure'),
  vault_url: z.url(),
  key_name: z.string().min(1),
});

/** `security.kms` of a profile, validated per provider. */
export const kmsSettingsSchema = z.discriminatedUnion('provider', [
  localSettings,
  awsSettings,
  vaultSettings,
  azureSettings,
]);

/** `security.kms` after validation and defaults. */
export type KmsSettings = z.output<typeof kmsSettingsSchema>;

/** Options of {@link createKeyProvider}. */
export interface CreateKeyProviderOptions {
  /** Where secrets and `${VAR}` come from. */
  env: Readonly<Record<string, string | undefined>>;
  /** Base of a relative `key_file`; default the process's working directory. */
  cwd?: string;
  /** The profile file, for messages. */
  file?: string;
}

/**
 * The key provider that `security.kms` asks for (`local` from CONFITURE_MASTER_KEY when there is
 * none). `${VAR}` in string options is read from `env`; invalid settings are a PROFILE_INVALID error
 * naming `security.kms.<option>`; missing secrets name the variable, never a value.
 */
export function createKeyProvider(
  settings: SecuritySettings['kms'] | undefined,
  options: CreateKeyProviderOptions,
): KeyProvider {
  const parsed = parseKmsSettings(settings ?? { provider: 'local' }, options);
  switch (parsed.provider) {
    case 'local':
      return parsed.key_file
        ? LocalKeyProvider.fromKeyFile(resolve(options.cwd ?? process.cwd(), parsed.key_file))
        : LocalKeyProvider.fromEnv(options.env, parsed.key_env, parsed.previous_keys_env);
    case 'aws':
      return new AwsKmsKeyProvider({
        keyId: parsed.key_id,
        client: {
          ...(parsed.region ? { region: parsed.region } : {}),
          ...(parsed.endpoint ? { endpoint: parsed.endpoint } : {}),
          ...(parsed.profile ? { profile: parsed.profile } : {}),
        },
      });
    case 'vault': {
      const address = parsed.address ?? options.env['VAULT_ADDR'];
      if (!address) {
        throw new ConfitureError('ENV_VAR_MISSING', 'environment variable VAULT_ADDR is not set', {
          ...(options.file ? { file: options.file } : {}),
          path: 'security.kms.address',
          hint: 'Export VAULT_ADDR, or set security.kms.address.',
        });
      }
      return new VaultTransitKeyProvider({
        address,
        token: requireSecret(
          options.env,
          parsed.token_env,
          'a Vault token with access to the transit key',
        ),
        keyName: parsed.key_name,
        mount: parsed.mount,
        ...(parsed.namespace ? { namespace: parsed.namespace } : {}),
      });
    }
    case 'azure':
      return new AzureKeyVaultKeyProvider({ vaultUrl: parsed.vault_url, keyName: parsed.key_name });
  }
}

/** Validates `security.kms` after `${VAR}` interpolation; errors quote the settings as written. */
export function parseKmsSettings(raw: unknown, options: CreateKeyProviderOptions): KmsSettings {
  const context = { env: options.env, file: options.file ?? 'profile' };
  const { value } = interpolateEnv(raw, context, ['security', 'kms']);
  const result = kmsSettingsSchema.safeParse(value);
  if (result.success) return result.data;
  throw combineErrors(
    issuesToErrors(result.error.issues, {
      code: 'PROFILE_INVALID',
      ...(options.file ? { file: options.file } : {}),
      basePath: ['security', 'kms'],
      input: raw,
    }),
    'invalid security.kms',
    "security.kms.provider is one of local, aws, vault, azure; see docs/security.md for each one's options.",
  );
}

function requireSecret(
  env: Readonly<Record<string, string | undefined>>,
  variable: string,
  what: string,
): Secret {
  const value = env[variable];
  if (value === undefined || value === '') {
    throw new ConfitureError('ENV_VAR_MISSING', `environment variable ${variable} is not set`, {
      hint: `Export ${variable} with ${what}.`,
    });
  }
  return new Secret(value);
}
