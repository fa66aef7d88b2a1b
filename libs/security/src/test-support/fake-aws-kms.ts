import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { startLoopbackServer, type LoopbackResponse, type LoopbackServer } from './loopback-server';

/**
 * A KMS speaking AWS's JSON 1.1 protocol (POST /, `X-Amz-Target: TrentService.<Operation>`,
 * base64 blobs, `__type` errors) for one symmetric key with rotatable key material. Requests must be
 * SigV4-signed by `accessKeyId`. Ciphertext blobs are real AES-256-GCM under the key material.
 */
export async function startFakeAwsKms(options: {
  accessKeyId: string;
}): Promise<LoopbackServer & { keyId: string; keyArn: string; alias: string }> {
  const keyId = randomUUID();
  const keyArn = `arn:aws:kms:us-east-1:111122223333:key/${keyId}`;
  const alias = 'alias/confiture-test';
  const materials: { id: string; key: Buffer }[] = [
    { id: randomBytes(32).toString('hex'), key: randomBytes(32) },
  ];
  const error = (type: string, message: string): LoopbackResponse => ({
    status: 400,
    body: { __type: type, message },
  });
  const resolves = (id: unknown) =>
    id === keyId ||
    id === keyArn ||
    id === alias ||
    id === `arn:aws:kms:us-east-1:111122223333:${alias}`;
  const current = () => materials[materials.length - 1] as { id: string; key: Buffer };
  const seal = (plaintext: Buffer) => {
    const index = materials.length - 1;
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', current().key, nonce);
    cipher.setAAD(Buffer.from(keyId));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return Buffer.concat([Buffer.from([1, index]), Buffer.from(keyId), nonce, body]);
  };
  const open = (blob: Buffer): { plaintext: Buffer; material: string } | undefined => {
    const header = 2 + keyId.length;
    const material = materials[blob[1] ?? 255];
    if (blob[0] !== 1 || !material || blob.subarray(2, header).toString() !== keyId)
      return undefined;
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        material.key,
        blob.subarray(header, header + 12),
      );
      decipher.setAAD(Buffer.from(keyId));
      decipher.setAuthTag(blob.subarray(blob.length - 16));
      const plaintext = Buffer.concat([
        decipher.update(blob.subarray(header + 12, blob.length - 16)),
        decipher.final(),
      ]);
      return { plaintext, material: material.id };
    } catch {
      return undefined;
    }
  };
  const server = await startLoopbackServer((request) => {
    const authorization = String(request.headers['authorization'] ?? '');
    if (!authorization.startsWith(`AWS4-HMAC-SHA256 Credential=${options.accessKeyId}/`)) {
      return error(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    }
    const target = String(request.headers['x-amz-target'] ?? '');
    const body = (request.body ?? {}) as Record<string, string>;
    const operation = target.replace(/^TrentService\./, '');
    if (operation !== 'Decrypt' && !resolves(body['KeyId'])) {
      return error('NotFoundException', `Key '${body['KeyId']}' does not exist`);
    }
    switch (operation) {
      case 'DescribeKey':
        return {
          status: 200,
          body: {
            KeyMetadata: {
              AWSAccountId: '111122223333',
              KeyId: keyId,
              Arn: keyArn,
              Enabled: true,
              KeyState: 'Enabled',
              KeyUsage: 'ENCRYPT_DECRYPT',
              KeySpec: 'SYMMETRIC_DEFAULT',
              CreationDate: 1767225600,
              CurrentKeyMaterialId: current().id,
            },
          },
        };
      case 'GenerateDataKey': {
        const plaintext = randomBytes(body['KeySpec'] === 'AES_128' ? 16 : 32);
        return {
          status: 200,
          body: {
            KeyId: keyArn,
            Plaintext: plaintext.toString('base64'),
            CiphertextBlob: seal(plaintext).toString('base64'),
            KeyMaterialId: current().id,
          },
        };
      }
      case 'Encrypt':
        return {
          status: 200,
          body: {
            KeyId: keyArn,
            CiphertextBlob: seal(Buffer.from(body['Plaintext'] ?? '', 'base64')).toString('base64'),
            EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
          },
        };
      case 'Decrypt': {
        if (body['KeyId'] !== undefined && !resolves(body['KeyId'])) {
          return error(
            'IncorrectKeyException',
            'The key ID in the request does not identify a KMS key that can perform this operation.',
          );
        }
        const opened = open(Buffer.from(body['CiphertextBlob'] ?? '', 'base64'));
        if (!opened) return error('InvalidCiphertextException', '');
        return {
          status: 200,
          body: {
            KeyId: keyArn,
            Plaintext: opened.plaintext.toString('base64'),
            EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
            KeyMaterialId: opened.material,
          },
        };
      }
      case 'RotateKeyOnDemand':
        materials.push({ id: randomBytes(32).toString('hex'), key: randomBytes(32) });
        return { status: 200, body: { KeyId: keyId } };
      default:
        return error('UnknownOperationException', `unsupported operation ${target}`);
    }
  }, 'application/x-amz-json-1.1');
  return { ...server, keyId, keyArn, alias };
}
