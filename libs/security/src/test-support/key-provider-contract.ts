import type { KeyProvider, WrappedKey } from '../lib/key-provider';

/** What a contract run needs: a provider, and optionally the secrets that must never leak. */
export interface ContractSubject {
  provider: KeyProvider;
  /** Values (tokens, keys) that must not appear in any error message. */
  secrets?: string[];
  /** Whether `rotate` is expected to work (false for providers that cannot rotate in place). */
  rotates?: boolean;
}

function tamper(wrapped: WrappedKey): WrappedKey {
  const ciphertext = Buffer.from(wrapped.ciphertext);
  // Flip a byte in the middle: inside the payload whatever the provider's framing.
  const index = Math.floor(ciphertext.length / 2);
  ciphertext[index] = (ciphertext[index] ?? 0) ^ 0x04;
  return { ...wrapped, ciphertext };
}

/**
 * The behaviour every key provider must have, run against the local provider, against loopback
 * servers that speak each service's protocol, and against real services when configured.
 */
export function describeKeyProviderContract(
  name: string,
  subject: () => Promise<ContractSubject>,
  options: { cleanup?: () => Promise<void>; skip?: boolean } = {},
): void {
  (options.skip ? describe.skip : describe)(`${name}: key provider contract`, () => {
    let current: ContractSubject;
    beforeAll(async () => {
      current = await subject();
    });
    afterAll(async () => {
      await current?.provider.close();
      await options.cleanup?.();
    });

    it('generates 256-bit data keys whose wrapped form unwraps to the same key', async () => {
      const dataKey = await current.provider.generateDataKey();
      expect(dataKey.plaintext).toHaveLength(32);
      expect(dataKey.wrapped.provider).toBe(current.provider.name);
      expect(dataKey.wrapped.ciphertext.includes(dataKey.plaintext)).toBe(false);
      const unwrapped = await current.provider.decrypt(dataKey.wrapped);
      expect(unwrapped.equals(dataKey.plaintext)).toBe(true);
    });

    it('generates a different data key each time', async () => {
      const a = await current.provider.generateDataKey();
      const b = await current.provider.generateDataKey();
      expect(a.plaintext.equals(b.plaintext)).toBe(false);
    });

    it('wraps with the current key version and round-trips arbitrary small secrets', async () => {
      const secret = Buffer.from('an audit key of forty-odd characters, say');
      const wrapped = await current.provider.encrypt(secret);
      expect(wrapped.keyVersion).toBe(await current.provider.currentKeyVersion());
      expect((await current.provider.decrypt(wrapped)).toString()).toBe(secret.toString());
    });

    it('refuses a wrapped key whose ciphertext was altered', async () => {
      const { wrapped } = await current.provider.generateDataKey();
      const error = await current.provider.decrypt(tamper(wrapped)).catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: expect.stringMatching(/^(KEY_PROVIDER|INTEGRITY_FAILED)$/),
      });
      for (const secret of current.secrets ?? []) {
        expect(JSON.stringify(error) + String((error as Error).message)).not.toContain(secret);
      }
    });

    it('refuses a key wrapped by another provider', async () => {
      const { wrapped } = await current.provider.generateDataKey();
      const other = current.provider.name === 'local' ? 'aws' : 'local';
      await expect(current.provider.decrypt({ ...wrapped, provider: other })).rejects.toMatchObject(
        {
          code: 'KEY_PROVIDER',
        },
      );
    });

    it('rotates to a new version and still unwraps keys wrapped before the rotation', async () => {
      if (current.rotates === false) return;
      const before = await current.provider.generateDataKey();
      const oldVersion = await current.provider.currentKeyVersion();
      const newVersion = await current.provider.rotate();
      expect(newVersion).not.toBe(oldVersion);
      expect(await current.provider.currentKeyVersion()).toBe(newVersion);
      const after = await current.provider.generateDataKey();
      expect(after.wrapped.keyVersion).toBe(newVersion);
      expect(before.wrapped.keyVersion).toBe(oldVersion);
      expect((await current.provider.decrypt(before.wrapped)).equals(before.plaintext)).toBe(true);
      expect((await current.provider.decrypt(after.wrapped)).equals(after.plaintext)).toBe(true);
    });
  });
}
