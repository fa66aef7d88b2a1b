import {
  constants,
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { startLoopbackServer, type LoopbackServer } from './loopback-server';

/** The bearer token the fake accepts; a test credential hands it out. */
export const FAKE_AZURE_TOKEN = 'fake-azure-access-token-for-tests';

/**
 * Azure Key Vault's keys REST API for one RSA key: the bearer challenge (401 with
 * `WWW-Authenticate`), `GET /keys/<name>[/<version>]`, `POST .../wrapkey` and `.../unwrapkey`
 * (RSA-OAEP-256, base64url) and `POST /keys/<name>/rotate`, with `{"error": {...}}` failures.
 */
export async function startFakeAzureKeyVault(options: {
  keyName: string;
}): Promise<LoopbackServer> {
  const versions = new Map<
    string,
    { publicKey: KeyObject; privateKey: KeyObject; created: number }
  >();
  let latest = '';
  const addVersion = () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    latest = randomBytes(16).toString('hex');
    versions.set(latest, { publicKey, privateKey, created: Math.floor(Date.now() / 1000) });
  };
  addVersion();
  const fail = (status: number, code: string, message: string) => ({
    status,
    body: { error: { code, message } },
  });
  let base = '';
  const bundle = (version: string) => {
    const entry = versions.get(version);
    const jwk = entry?.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
    return {
      key: {
        kid: `${base}/keys/${options.keyName}/${version}`,
        kty: 'RSA',
        key_ops: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
        n: jwk.n,
        e: jwk.e,
      },
      attributes: {
        enabled: true,
        created: entry?.created,
        updated: entry?.created,
        recoveryLevel: 'Recoverable+Purgeable',
      },
    };
  };
  const server = await startLoopbackServer((request) => {
    if (request.headers['authorization'] !== `Bearer ${FAKE_AZURE_TOKEN}`) {
      return {
        status: 401,
        body: {
          error: {
            code: 'Unauthorized',
            message: 'AKV10000: Request is missing a Bearer or PoP token.',
          },
        },
        headers: {
          'www-authenticate':
            'Bearer authorization="https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000", resource="https://vault.azure.net"',
        },
      };
    }
    if (!request.query.get('api-version'))
      return fail(400, 'BadParameter', 'api-version is required');
    const parts = request.path.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'keys' || parts[1] !== options.keyName) {
      return fail(
        404,
        'KeyNotFound',
        `A key with (name/id) ${parts[1]} was not found in this key vault.`,
      );
    }
    if (parts[2] === 'rotate' && request.method === 'POST') {
      addVersion();
      return { status: 200, body: bundle(latest) };
    }
    const version = parts[2] || latest;
    const entry = versions.get(version);
    if (!entry)
      return fail(
        404,
        'KeyNotFound',
        `A key with (name/id) ${options.keyName}/${version} was not found.`,
      );
    const body = (request.body ?? {}) as { alg?: string; value?: string };
    const oaep = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' };
    const kid = `${base}/keys/${options.keyName}/${version}`;
    switch (request.method === 'GET' ? 'get' : parts[3]) {
      case 'get':
        return { status: 200, body: bundle(version) };
      case 'wrapkey':
        if (body.alg !== 'RSA-OAEP-256')
          return fail(400, 'BadParameter', `unsupported algorithm ${body.alg}`);
        return {
          status: 200,
          body: {
            kid,
            value: publicEncrypt(
              { key: entry.publicKey, ...oaep },
              Buffer.from(body.value ?? '', 'base64url'),
            ).toString('base64url'),
          },
        };
      case 'unwrapkey':
        try {
          return {
            status: 200,
            body: {
              kid,
              value: privateDecrypt(
                { key: entry.privateKey, ...oaep },
                Buffer.from(body.value ?? '', 'base64url'),
              ).toString('base64url'),
            },
          };
        } catch {
          return fail(400, 'BadParameter', 'The parameter is incorrect.');
        }
      default:
        return fail(405, 'MethodNotAllowed', 'unsupported operation');
    }
  });
  base = server.url;
  return server;
}
