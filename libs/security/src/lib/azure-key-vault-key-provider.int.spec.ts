import { describeKeyProviderContract } from '../test-support/key-provider-contract';
import { FAKE_AZURE_TOKEN, startFakeAzureKeyVault } from '../test-support/fake-azure-key-vault';
import type { LoopbackServer } from '../test-support/loopback-server';
import {
  AzureKeyVaultKeyProvider,
  type AzureTokenCredential,
} from './azure-key-vault-key-provider';

const credential: AzureTokenCredential = {
  getToken: async () => ({ token: FAKE_AZURE_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }),
};
// The loopback vault speaks plain HTTP and is not under vault.azure.net (the challenge's resource).
const clientOptions = {
  disableChallengeResourceVerification: true,
  allowInsecureConnection: true,
  retryOptions: { maxRetries: 0 },
};
let server: LoopbackServer;

describeKeyProviderContract(
  'azure (loopback Key Vault REST API)',
  async () => {
    server = await startFakeAzureKeyVault({ keyName: 'confiture' });
    return {
      provider: new AzureKeyVaultKeyProvider({
        vaultUrl: server.url,
        keyName: 'confiture',
        credential,
        clientOptions,
      }),
      secrets: [FAKE_AZURE_TOKEN],
    };
  },
  { cleanup: async () => server.close() },
);

describe('AzureKeyVaultKeyProvider against the loopback Key Vault', () => {
  let vault: LoopbackServer;
  beforeEach(async () => {
    vault = await startFakeAzureKeyVault({ keyName: 'confiture' });
  });
  afterEach(async () => vault.close());

  it('answers the bearer challenge, then wraps with RSA-OAEP-256 under a named key version', async () => {
    const provider = new AzureKeyVaultKeyProvider({
      vaultUrl: vault.url,
      keyName: 'confiture',
      credential,
      clientOptions,
    });
    const { wrapped } = await provider.generateDataKey();
    expect(vault.requests[0]?.headers['authorization']).toBeUndefined();
    // Each client first sends its request without a token (and without a body), gets the challenge,
    // then sends it again with the token.
    const wrap = vault.requests.find(
      (r) => r.path.endsWith('/wrapkey') && r.headers['authorization'],
    );
    expect(wrap?.path).toBe(`/keys/confiture/${wrapped.keyVersion}/wrapkey`);
    expect(wrap?.body).toMatchObject({ alg: 'RSA-OAEP-256' });
    expect(wrap?.headers['authorization']).toBe(`Bearer ${FAKE_AZURE_TOKEN}`);
  });

  it('reports a missing key with a hint', async () => {
    const provider = new AzureKeyVaultKeyProvider({
      vaultUrl: vault.url,
      keyName: 'missing',
      credential,
      clientOptions,
    });
    await expect(provider.currentKeyVersion()).rejects.toMatchObject({
      code: 'KEY_PROVIDER',
      message: expect.stringContaining('(HTTP 404)'),
      hint: 'Check security.kms.vault_url and security.kms.key_name.',
    });
  });
});
