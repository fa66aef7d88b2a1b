import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { startLoopbackServer, type LoopbackServer } from './loopback-server';

/**
 * Vault's transit engine over its HTTP API (`/v1/<mount>/datakey/plaintext/<key>`, `encrypt`,
 * `decrypt`, `keys/<key>` and `keys/<key>/rotate`, `X-Vault-Token`, `{"errors": [...]}`), with
 * `vault:v<N>:` ciphertexts that are real AES-256-GCM under each key version.
 */
export async function startFakeVaultTransit(options: {
  token: string;
  mount?: string;
  keyName: string;
}): Promise<LoopbackServer> {
  const mount = options.mount ?? 'transit';
  const versions: Buffer[] = [randomBytes(32)];
  const created: string[] = [new Date().toISOString()];
  const fail = (status: number, message: string) => ({ status, body: { errors: [message] } });
  const seal = (plaintext: Buffer) => {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', versions[versions.length - 1] as Buffer, nonce);
    const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return `vault:v${versions.length}:${Buffer.concat([nonce, body]).toString('base64')}`;
  };
  const open = (ciphertext: string): Buffer | undefined => {
    const match = /^vault:v(\d+):(.+)$/.exec(ciphertext);
    const key = match ? versions[Number(match[1]) - 1] : undefined;
    if (!match || !key) return undefined;
    const raw = Buffer.from(match[2] as string, 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
    } catch {
      return undefined;
    }
  };
  const keyInfo = () => ({
    data: {
      name: options.keyName,
      type: 'aes256-gcm96',
      latest_version: versions.length,
      min_decryption_version: 1,
      keys: Object.fromEntries(created.map((at, i) => [String(i + 1), at])),
    },
  });
  return startLoopbackServer((request) => {
    if (request.headers['x-vault-token'] !== options.token) return fail(403, 'permission denied');
    const prefix = `/v1/${mount}/`;
    if (!request.path.startsWith(prefix))
      return fail(404, `no handler for route "${request.path}"`);
    const route = request.path.slice(prefix.length);
    const body = (request.body ?? {}) as Record<string, string | number>;
    const name = decodeURIComponent(route.split('/').pop() ?? '');
    if (route === `keys/${options.keyName}/rotate` && request.method === 'POST') {
      versions.push(randomBytes(32));
      created.push(new Date().toISOString());
      return { status: 200, body: keyInfo() };
    }
    if (name !== options.keyName) return fail(400, 'encryption key not found');
    if (route.startsWith('keys/') && request.method === 'GET')
      return { status: 200, body: keyInfo() };
    if (route.startsWith('datakey/plaintext/')) {
      const plaintext = randomBytes(Number(body['bits'] ?? 256) / 8);
      return {
        status: 200,
        body: {
          data: {
            plaintext: plaintext.toString('base64'),
            ciphertext: seal(plaintext),
            key_version: versions.length,
          },
        },
      };
    }
    if (route.startsWith('encrypt/')) {
      return {
        status: 200,
        body: {
          data: {
            ciphertext: seal(Buffer.from(String(body['plaintext'] ?? ''), 'base64')),
            key_version: versions.length,
          },
        },
      };
    }
    if (route.startsWith('decrypt/')) {
      const plaintext = open(String(body['ciphertext'] ?? ''));
      if (!plaintext) return fail(400, 'cipher: message authentication failed');
      return { status: 200, body: { data: { plaintext: plaintext.toString('base64') } } };
    }
    return fail(405, 'unsupported operation');
  });
}
