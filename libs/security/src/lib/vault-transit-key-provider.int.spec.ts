import { randomBytes } from 'node:crypto';
import { Secret } from '@confiture/domain';
import { describeKeyProviderContract } from '../test-support/key-provider-contract';
import { startFakeVaultTransit } from '../test-support/fake-vault-transit';
import type { LoopbackServer } from '../test-support/loopback-server';
import { VaultTransitKeyProvider } from './vault-transit-key-provider';

const token = `hvs.${randomBytes(12).toString('hex')}`;
let vault: LoopbackServer;

describeKeyProviderContract(
  'vault (loopback transit engine)',
  async () => {
    vault = await startFakeVaultTransit({
      token,
      mount: 'confiture-transit',
      keyName: 'confiture',
    });
    return {
      provider: new VaultTransitKeyProvider({
        address: vault.url,
        token: new Secret(token),
        keyName: 'confiture',
        mount: 'confiture-transit',
      }),
      secrets: [token],
    };
  },
  { cleanup: async () => vault.close() },
);

describe('VaultTransitKeyProvider against the loopback transit engine', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await startFakeVaultTransit({ token, keyName: 'confiture' });
  });
  afterEach(async () => server.close());

  it('asks for a 256-bit data key with its token and records the key version', async () => {
    const provider = new VaultTransitKeyProvider({
      address: server.url,
      token: new Secret(token),
      keyName: 'confiture',
    });
    const dataKey = await provider.generateDataKey();
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/transit/datakey/plaintext/confiture',
      body: { bits: 256 },
    });
    expect(server.requests[0]?.headers['x-vault-token']).toBe(token);
    expect(dataKey.wrapped.keyVersion).toBe('v1');
    expect(dataKey.wrapped.ciphertext.toString()).toMatch(/^vault:v1:/);
  });

  it('reports a token without access, never the token', async () => {
    const provider = new VaultTransitKeyProvider({
      address: server.url,
      token: new Secret('hvs.not-the-right-token-at-all'),
      keyName: 'confiture',
    });
    const error = (await provider.generateDataKey().catch((e: unknown) => e)) as Error & {
      hint?: string;
    };
    expect(error).toMatchObject({
      code: 'KEY_PROVIDER',
      message:
        'vault key provider: datakey with transit/keys/confiture (HTTP 403) failed: permission denied',
      hint: expect.stringContaining('policy'),
    });
    expect(JSON.stringify(error) + error.message + String(error.hint)).not.toContain(
      'not-the-right-token',
    );
  });

  it('says when Vault cannot be reached', async () => {
    const provider = new VaultTransitKeyProvider({
      address: 'http://127.0.0.1:1',
      token: new Secret(token),
      keyName: 'confiture',
    });
    await expect(provider.currentKeyVersion()).rejects.toMatchObject({
      code: 'KEY_PROVIDER',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });
});

const liveAddress = process.env['VAULT_ADDR'];
describeKeyProviderContract(
  'vault (live: VAULT_ADDR, VAULT_TOKEN, CONFITURE_TEST_VAULT_KEY)',
  async () => ({
    provider: new VaultTransitKeyProvider({
      address: liveAddress as string,
      token: new Secret(process.env['VAULT_TOKEN'] ?? ''),
      keyName: process.env['CONFITURE_TEST_VAULT_KEY'] ?? 'confiture-test',
      mount: process.env['CONFITURE_TEST_VAULT_MOUNT'] ?? 'transit',
    }),
    secrets: [process.env['VAULT_TOKEN'] ?? ''].filter((s) => s.length > 0),
  }),
  { skip: !liveAddress },
);
