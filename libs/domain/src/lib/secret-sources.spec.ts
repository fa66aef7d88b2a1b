import { redactSecrets } from './secret';
import {
  SECRET_ENVIRONMENT_VARIABLES,
  secretEnvironmentValues,
  secretVariableNames,
} from './secret-sources';

describe('secret sources', () => {
  it('name the keys, the seed, the principal credential and every key provider credential', () => {
    expect(SECRET_ENVIRONMENT_VARIABLES).toEqual(
      expect.arrayContaining([
        'CONFITURE_AUDIT_KEY',
        'CONFITURE_MASTER_KEY',
        'CONFITURE_MASTER_KEY_PREVIOUS',
        'CONFITURE_SEED',
        'CONFITURE_PRINCIPAL_KEY',
        'VAULT_TOKEN',
        'AWS_SECRET_ACCESS_KEY',
        'AWS_SESSION_TOKEN',
        'AZURE_CLIENT_SECRET',
        'PGPASSWORD',
      ]),
    );
  });

  it('add the variables a profile names for its seeds and its key provider', () => {
    const names = secretVariableNames({
      global: { seed: { kind: 'env', variable: 'SHOP_SEED', declaredAt: 'global.seed_env_var' } },
      tables: [
        {
          rules: [
            {
              seed: { kind: 'env', variable: 'EMAIL_SEED', declaredAt: 'tables.u[0]' },
              options: {},
            },
            { seed: { kind: 'literal', value: '42', declaredAt: 'tables.u[1].seed' }, options: {} },
          ],
        },
      ],
      security: { kms: { provider: 'vault', token_env: 'SHOP_VAULT_TOKEN' } },
    });
    expect(names).toEqual(
      expect.arrayContaining(['CONFITURE_SEED', 'SHOP_SEED', 'EMAIL_SEED', 'SHOP_VAULT_TOKEN']),
    );
    expect(names).not.toContain('42');
  });

  it('give the values set in the environment, which redact as ***', () => {
    const env = {
      VAULT_TOKEN: 'hvs.vault-token-0123456789',
      AWS_SECRET_ACCESS_KEY: 'aws-secret-0123456789abcdef',
      AZURE_CLIENT_SECRET: 'azure-secret-0123456789',
      HOME: '/home/alice',
      CONFITURE_SEED: '',
    };
    const values = secretEnvironmentValues(env);
    expect(values).toHaveLength(3);
    expect(values.map(String)).toEqual(['***', '***', '***']);
    expect(
      redactSecrets(
        `token ${env.VAULT_TOKEN}, key ${env.AWS_SECRET_ACCESS_KEY}, ${env.AZURE_CLIENT_SECRET} in /home/alice`,
        values,
      ),
    ).toBe('token ***, key ***, *** in /home/alice');
  });
});
