import {
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  KMSClient,
  NotFoundException,
  RotateKeyOnDemandCommand,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsKmsKeyProvider } from './aws-kms-key-provider';

const kmsMock = mockClient(KMSClient);
const keyArn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('AwsKmsKeyProvider (commands, with aws-sdk-client-mock)', () => {
  let provider: AwsKmsKeyProvider;
  beforeEach(() => {
    kmsMock.reset();
    provider = new AwsKmsKeyProvider({
      keyId: 'alias/confiture',
      kms: new KMSClient({ region: 'eu-west-1' }),
    });
  });
  afterAll(() => kmsMock.restore());

  it('asks GenerateDataKey for an AES_256 key and keeps the key material id as version', async () => {
    kmsMock.on(GenerateDataKeyCommand).resolves({
      KeyId: keyArn,
      Plaintext: new Uint8Array(32).fill(7),
      CiphertextBlob: new Uint8Array([1, 2, 3]),
      KeyMaterialId: 'material-2',
    });
    const dataKey = await provider.generateDataKey();
    expect(kmsMock.commandCalls(GenerateDataKeyCommand)[0]?.args[0].input).toEqual({
      KeyId: 'alias/confiture',
      KeySpec: 'AES_256',
    });
    expect(dataKey.plaintext.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(dataKey.wrapped).toEqual({
      provider: 'aws',
      keyId: keyArn,
      keyVersion: 'material-2',
      ciphertext: Buffer.from([1, 2, 3]),
    });
  });

  it('falls back to DescribeKey for the version when KMS does not say', async () => {
    kmsMock.on(GenerateDataKeyCommand).resolves({
      KeyId: keyArn,
      Plaintext: new Uint8Array(32),
      CiphertextBlob: new Uint8Array([9]),
    });
    kmsMock.on(DescribeKeyCommand).resolves({
      KeyMetadata: { KeyId: 'k', Arn: keyArn, Enabled: true, CurrentKeyMaterialId: 'material-1' },
    });
    expect((await provider.generateDataKey()).wrapped.keyVersion).toBe('material-1');
  });

  it('pins the key when decrypting, so a ciphertext of another key is refused by KMS', async () => {
    kmsMock.on(DecryptCommand).resolves({ KeyId: keyArn, Plaintext: new Uint8Array([5, 5]) });
    const plaintext = await provider.decrypt({
      provider: 'aws',
      keyId: keyArn,
      keyVersion: 'm',
      ciphertext: Buffer.from([1]),
    });
    expect(kmsMock.commandCalls(DecryptCommand)[0]?.args[0].input).toEqual({
      CiphertextBlob: Buffer.from([1]),
      KeyId: keyArn,
    });
    expect([...plaintext]).toEqual([5, 5]);
  });

  it('encrypts small secrets with Encrypt under the current version', async () => {
    kmsMock
      .on(DescribeKeyCommand)
      .resolves({ KeyMetadata: { KeyId: 'k', Enabled: true, CurrentKeyMaterialId: 'm3' } });
    kmsMock.on(EncryptCommand).resolves({ KeyId: keyArn, CiphertextBlob: new Uint8Array([4]) });
    expect(await provider.encrypt(Buffer.from('x'))).toMatchObject({
      keyVersion: 'm3',
      keyId: keyArn,
    });
  });

  it('rotates on demand and reports the new key material', async () => {
    kmsMock.on(RotateKeyOnDemandCommand).resolves({ KeyId: keyArn });
    kmsMock
      .on(DescribeKeyCommand)
      .resolves({ KeyMetadata: { KeyId: 'k', Enabled: true, CurrentKeyMaterialId: 'm4' } });
    expect(await provider.rotate()).toBe('m4');
    expect(kmsMock.commandCalls(RotateKeyOnDemandCommand)[0]?.args[0].input).toEqual({
      KeyId: 'alias/confiture',
    });
  });

  it('turns a missing key into a KEY_PROVIDER error with a hint', async () => {
    kmsMock
      .on(GenerateDataKeyCommand)
      .rejects(
        new NotFoundException({ message: "Alias 'alias/confiture' is not found.", $metadata: {} }),
      );
    await expect(provider.generateDataKey()).rejects.toMatchObject({
      code: 'KEY_PROVIDER',
      message:
        "aws key provider: GenerateDataKey on alias/confiture failed: NotFoundException: Alias 'alias/confiture' is not found.",
      hint: 'Check security.kms.key_id and security.kms.region.',
    });
  });

  it('refuses a disabled key', async () => {
    kmsMock.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: 'k', Enabled: false } });
    await expect(provider.currentKeyVersion()).rejects.toMatchObject({
      message: expect.stringContaining('is disabled'),
    });
  });
});
