import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Args } from '@oclif/core';
import { ConfitureError } from '@confiture/domain';
import { PrincipalCredential } from '@confiture/security';
import { BaseCommand } from '../../base-command';

export default class TokensKeygen extends BaseCommand<typeof TokensKeygen> {
  static override summary = 'Create a principal key pair for token reversals.';

  static override description = `Writes a new Ed25519 private key to <file> (PKCS#8 PEM, mode 0600; an existing file is never
overwritten) and prints its public key, ed25519:<base64url>. Give the public key to whoever grants
you access (confiture tokens grant --public-key); keep the file to yourself: a reversal presents
it (--key-file, CONFITURE_PRINCIPAL_KEY_FILE) and signs its record in the token access log with it.`;

  static override examples = ['<%= config.bin %> <%= command.id %> ~/.confiture/dpo.pem'];

  static override args = {
    file: Args.string({ description: 'Where to write the private key.', required: true }),
  };

  async run(): Promise<{ publicKey: string; file: string }> {
    const file = resolve(this.workingDirectory, this.args.file);
    const { credential, pem } = PrincipalCredential.generate();
    try {
      writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      const exists = (error as { code?: string }).code === 'EEXIST';
      throw new ConfitureError(
        'INPUT_INVALID',
        exists ? `${file} already exists` : `cannot write ${file}`,
        {
          file,
          hint: exists
            ? 'Choose another file: a key is never overwritten.'
            : 'Check the directory.',
        },
      );
    }
    const publicKey = credential.publicKey.text;
    if (!this.jsonEnabled()) {
      process.stdout.write(`${publicKey}\n`);
      this.note(
        `✔ private key written to ${file} (mode 0600); give the public key above to your grantor`,
      );
    }
    return { publicKey, file };
  }
}
