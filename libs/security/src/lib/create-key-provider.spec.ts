import { randomBytes } from 'node:crypto';
import { AwsKmsKeyProvider } from './aws-kms-key-provider';
import { AzureKeyVaultKeyProvider } from './azure-key-vault-key-provider';
import { createKeyProvider } from './create-key-provider';
import { LocalKeyProvider } from './local-key-provider';
import { VaultTransitKeyProvider } from './vault-transit-key-provider';

const env = { CONFITURE_MASTER_KEY: randomBytes(32).toString('hex') };

function errorOf(
  run: () => unknown,
): Error & { code?: string; location?: { path?: string }; hint?: string } {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('createKeyProvider', () => {
  it('defaults to the local provider and CONFITURE_MASTER_KEY', () => {
    const provider = createKeyProvider(undefined, { env });
    expect(provider).toBeInstanceOf(LocalKeyProvider);
    expect(provider.keyId).toBe('env:CONFITURE_MASTER_KEY');
  });

  it('reads the local key from the variable the profile names', () => {
    const provider = createKeyProvider(
      { provider: 'local', key_env: 'MY_KEY' },
      { env: { MY_KEY: env.CONFITURE_MASTER_KEY } },
    );
    expect(provider.keyId).toBe('env:MY_KEY');
  });

  it('builds an AWS KMS provider, reading ${VAR} from the environment', () => {
    const provider = createKeyProvider(
      { provider: 'aws', key_id: '${KMS_KEY}', region: 'eu-west-1' },
      { env: { KMS_KEY: 'alias/confiture' } },
    );
    expect(provider).toBeInstanceOf(AwsKmsKeyProvider);
    expect(provider.keyId).toBe('alias/confiture');
  });

  it('builds a Vault transit provider from VAULT_ADDR and VAULT_TOKEN', () => {
    const provider = createKeyProvider(
      { provider: 'vault', key_name: 'confiture' },
      { env: { VAULT_ADDR: 'https://vault.internal:8200', VAULT_TOKEN: 'hvs.secret-token-value' } },
    );
    expect(provider).toBeInstanceOf(VaultTransitKeyProvider);
    expect(provider.keyId).toBe('transit/keys/confiture');
  });

  it('builds an Azure Key Vault provider', () => {
    const provider = createKeyProvider(
      { provider: 'azure', vault_url: 'https://confiture.vault.azure.net', key_name: 'confiture' },
      { env: {} },
    );
    expect(provider).toBeInstanceOf(AzureKeyVaultKeyProvider);
    expect(provider.keyId).toBe('https://confiture.vault.azure.net/keys/confiture');
  });

  it('names a missing Vault token variable, not a value', () => {
    expect(
      errorOf(() =>
        createKeyProvider(
          { provider: 'vault', key_name: 'k' },
          { env: { VAULT_ADDR: 'https://v:8200' } },
        ),
      ),
    ).toMatchObject({
      code: 'ENV_VAR_MISSING',
      message: 'environment variable VAULT_TOKEN is not set',
    });
  });

  it('names an unknown option of a provider with its YAML path', () => {
    const error = errorOf(() =>
      createKeyProvider(
        { provider: 'aws', key_id: 'k', secret_access_key: 'AKIA-should-not-be-here' },
        { env, file: 'p.yaml' },
      ),
    );
    expect(error).toMatchObject({
      code: 'PROFILE_INVALID',
      location: { file: 'p.yaml', path: 'security.kms' },
    });
    expect(error.message).toContain('unknown key "secret_access_key"');
    expect(error.message).not.toContain('AKIA-should-not-be-here');
  });

  it('names a missing required option', () => {
    expect(
      errorOf(() =>
        createKeyProvider({ provider: 'azure', vault_url: 'https://v.vault.azure.net' }, { env }),
      ),
    ).toMatchObject({
      code: 'PROFILE_INVALID',
      location: { path: 'security.kms.key_name' },
    });
  });

  it('refuses an unknown provider', () => {
    expect(errorOf(() => createKeyProvider({ provider: 'gcp' } as never, { env }))).toMatchObject({
      code: 'PROFILE_INVALID',
      location: { path: 'security.kms.provider' },
    });
  });
});
