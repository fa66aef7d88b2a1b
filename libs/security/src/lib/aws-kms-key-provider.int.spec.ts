import { KMSClient } from '@aws-sdk/client-kms';
import { describeKeyProviderContract } from '../test-support/key-provider-contract';
import { startFakeAwsKms } from '../test-support/fake-aws-kms';
import { AwsKmsKeyProvider } from './aws-kms-key-provider';

const credentials = {
  accessKeyId: 'AKIACONFITURETEST',
  secretAccessKey: 'fake-secret-access-key-for-tests',
};
let kms: Awaited<ReturnType<typeof startFakeAwsKms>>;

describeKeyProviderContract(
  'aws (loopback KMS, JSON 1.1 protocol)',
  async () => {
    kms = await startFakeAwsKms({ accessKeyId: credentials.accessKeyId });
    return {
      provider: new AwsKmsKeyProvider({
        keyId: kms.alias,
        client: { region: 'us-east-1', endpoint: kms.url, credentials, maxAttempts: 1 },
      }),
      secrets: [credentials.secretAccessKey],
    };
  },
  { cleanup: async () => kms.close() },
);

describe('AwsKmsKeyProvider against the loopback KMS', () => {
  it('signs its requests and speaks TrentService JSON', async () => {
    const server = await startFakeAwsKms({ accessKeyId: credentials.accessKeyId });
    const provider = new AwsKmsKeyProvider({
      keyId: server.keyArn,
      client: { region: 'us-east-1', endpoint: server.url, credentials },
    });
    try {
      await provider.generateDataKey();
      const request = server.requests[0];
      expect(request?.headers['x-amz-target']).toBe('TrentService.GenerateDataKey');
      expect(request?.headers['content-type']).toBe('application/x-amz-json-1.1');
      expect(request?.body).toEqual({ KeyId: server.keyArn, KeySpec: 'AES_256' });
    } finally {
      await provider.close();
      await server.close();
    }
  });

  it('reports a wrong access key without its secret', async () => {
    const server = await startFakeAwsKms({ accessKeyId: credentials.accessKeyId });
    const provider = new AwsKmsKeyProvider({
      keyId: server.alias,
      client: {
        region: 'us-east-1',
        endpoint: server.url,
        credentials: { accessKeyId: 'AKIAWRONG', secretAccessKey: 'wrong-secret-value-123' },
        maxAttempts: 1,
      },
    });
    try {
      const error = (await provider.generateDataKey().catch((e: unknown) => e)) as Error;
      expect(error).toMatchObject({
        code: 'KEY_PROVIDER',
        message: expect.stringContaining('UnrecognizedClientException'),
      });
      expect(JSON.stringify(error) + error.message).not.toContain('wrong-secret-value-123');
    } finally {
      await provider.close();
      await server.close();
    }
  });
});

const liveKeyId = process.env['CONFITURE_TEST_AWS_KMS_KEY_ID'];
describeKeyProviderContract(
  'aws (live KMS: CONFITURE_TEST_AWS_KMS_KEY_ID)',
  async () => ({
    provider: new AwsKmsKeyProvider({ keyId: liveKeyId as string, kms: new KMSClient({}) }),
    // On-demand rotation of a real key is limited (10 per key); opt in explicitly.
    rotates: process.env['CONFITURE_TEST_AWS_KMS_ROTATE'] === '1',
  }),
  { skip: !liveKeyId },
);
