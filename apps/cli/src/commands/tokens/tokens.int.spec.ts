import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditKey, LocalKeyProvider, TokenVault } from '@confiture/security';
import { runCli, securityCliHarness, securityTestEnv } from '../../test-support/security-cli';

describe('confiture tokens keygen / grant / reverse', () => {
  const target = securityCliHarness(
    async (client, env) => {
      // What a tokenizing sync leaves: originals encrypted, and the grant authority sealed.
      const vault = await TokenVault.open(client, {
        keyProvider: LocalKeyProvider.fromEnv(env),
        auditKey: AuditKey.fromString(env['CONFITURE_AUDIT_KEY'] as string),
      });
      await vault.storeTokens([
        {
          token: 'TOKEN_7f3a',
          original: 'carol@example.com',
          table: 'public.users',
          column: 'email',
        },
      ]);
      await vault.close();
    },
    // The original appears only in the output of the reversals that were granted.
    { forbiddenInFailures: ['carol@example.com'] },
  );
  const dir = mkdtempSync(join(tmpdir(), 'confiture-principals-'));
  const keys = new Map<string, { file: string; publicKey: string }>();
  /** `confiture tokens keygen` for a principal, once. */
  const keyOf = async (principal: string) => {
    const known = keys.get(principal);
    if (known) return known;
    const file = join(dir, `${principal}.pem`);
    const run = await runCli(['tokens', 'keygen', file], {});
    expect(run.code).toBe(0);
    const key = { file, publicKey: run.stdout.trim() };
    keys.set(principal, key);
    return key;
  };
  /** The grantor: CONFITURE_AUDIT_KEY, no master key. */
  const grant = async (principal: string, level: string, ...extra: string[]) =>
    target.cli(
      [
        'tokens',
        'grant',
        principal,
        '--level',
        level,
        ...(level === 'NONE' ? [] : ['--public-key', (await keyOf(principal)).publicKey]),
        ...extra,
      ],
      { CONFITURE_AUDIT_KEY: target.env['CONFITURE_AUDIT_KEY'] as string },
    );
  /** The reverser: the master key and their own key file, no audit key. */
  const reverse = async (principal: string, ...extra: string[]) =>
    target.cli(
      [
        'tokens',
        'reverse',
        'TOKEN_7f3a',
        '--as',
        principal,
        '--key-file',
        (await keyOf(principal)).file,
        ...extra,
      ],
      { CONFITURE_MASTER_KEY: target.env['CONFITURE_MASTER_KEY'] as string },
    );
  const accessLog = async () =>
    (
      await target.client.query(
        'SELECT event, principal, outcome, reason FROM confiture.token_access_log ORDER BY sequence',
      )
    ).rows;
  const refusals = async () =>
    (
      await target.client.query(
        'SELECT principal, detail FROM confiture.token_access_refusals ORDER BY recorded_at',
      )
    ).rows;

  it('keygen writes a private key only its owner can read, prints the public key, never overwrites', async () => {
    const { file, publicKey } = await keyOf('kim');
    expect(publicKey).toMatch(/^ed25519:[A-Za-z0-9_-]{43}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('-----BEGIN PRIVATE KEY-----');
    const again = await runCli(['tokens', 'keygen', file, '--json'], {});
    expect(again.code).toBe(2);
    expect(JSON.parse(again.stdout).error.message).toBe(`${file} already exists`);
  });

  it('refuses a principal without a grant (exit 6) and records the attempt', async () => {
    const run = await reverse('mallory');
    expect(run.code).toBe(6);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('✖ reversal of TOKEN_7f3a by mallory refused: no grant');
    expect(await refusals()).toEqual([{ principal: 'mallory', detail: 'no grant' }]);
  });

  it('reverses with REVERSE_WITH_REASON only when a reason is given, without the audit key, signing both attempts', async () => {
    const given = await grant('dpo', 'REVERSE_WITH_REASON');
    expect(given.code).toBe(0);
    expect(given.stdout).toContain(
      '✔ dpo now holds REVERSE_WITH_REASON on every token for key ed25519:',
    );
    const without = await reverse('dpo');
    expect(without.code).toBe(6);
    expect(without.stderr).toContain('requires --reason');
    const withReason = await reverse('dpo', '--reason', 'SAR-2031 subject access request');
    expect(withReason.code).toBe(0);
    expect(withReason.stdout).toBe('carol@example.com\n');
    expect(withReason.stderr).toContain(
      'public.users.email reversed for dpo (REVERSE_WITH_REASON, grant 1); signed as token access log entry 2',
    );
    expect(await accessLog()).toEqual([
      { event: 'reverse', principal: 'dpo', outcome: 'refused', reason: null },
      {
        event: 'reverse',
        principal: 'dpo',
        outcome: 'granted',
        reason: 'SAR-2031 subject access request',
      },
    ]);
    const verify = await target.cli(['audit', 'verify']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('✔ confiture.token_grants: 1 entry, chain intact');
    expect(verify.stdout).toContain('✔ confiture.token_access_log: 2 entries, chain intact');
  });

  it('never reverses for READ_ONLY, nor after a revocation', async () => {
    await grant('viewer', 'READ_ONLY');
    await grant('revoked', 'UNRESTRICTED');
    expect((await grant('revoked', 'NONE')).stdout).toContain('revoked holds no grant any more');
    expect((await reverse('viewer', '--reason', 'just curious about it')).code).toBe(6);
    const run = await reverse('revoked');
    expect(run.code).toBe(6);
    expect(run.stderr).toContain('the grant was revoked');
  });

  it('reverses for UNRESTRICTED, as one JSON document with --json, the key given by CONFITURE_PRINCIPAL_KEY', async () => {
    await grant('ops', 'UNRESTRICTED');
    const pem = readFileSync((await keyOf('ops')).file, 'utf8');
    const run = await target.cli(['tokens', 'reverse', 'TOKEN_7f3a', '--as', 'ops', '--json'], {
      CONFITURE_MASTER_KEY: target.env['CONFITURE_MASTER_KEY'] as string,
      CONFITURE_PRINCIPAL_KEY: pem,
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      token: 'TOKEN_7f3a',
      original: 'carol@example.com',
      table: 'public.users',
      column: 'email',
      principal: 'ops',
      accessLevel: 'UNRESTRICTED',
      grantSequence: 1,
      logSequence: 1,
    });
    expect(run.stdout + run.stderr).not.toContain(pem.split('\n')[1]);
  });

  it('refuses a credential that is not the one the grant names (exit 6), decrypting nothing', async () => {
    await grant('alice', 'UNRESTRICTED');
    const bob = await keyOf('bob');
    const run = await target.cli(
      ['tokens', 'reverse', 'TOKEN_7f3a', '--as', 'alice', '--key-file', bob.file],
      { CONFITURE_MASTER_KEY: target.env['CONFITURE_MASTER_KEY'] as string },
    );
    expect(run.code).toBe(6);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      "the credential presented is not the key that alice's grant names",
    );
    expect(await accessLog()).toEqual([]);
  });

  it('ignores a grant inserted by hand into confiture.token_grants (exit 5), and audit verify names it', async () => {
    await grant('dana', 'READ_ONLY');
    const mallory = await keyOf('mallory');
    await target.client.query(
      `INSERT INTO confiture.token_grants
       SELECT 2, now(), entry_hash, repeat('a', 64), 'forged', 'grant', 'mallory', 'UNRESTRICTED', $1, NULL, NULL, 'mallory', $1
         FROM confiture.ledger_heads WHERE ledger = 'token_grants'`,
      [mallory.publicKey],
    );
    const run = await reverse('mallory');
    expect(run.code).toBe(5);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('confiture.token_grants is not intact: entry 2 inserted');
    const verify = await target.cli(['audit', 'verify']);
    expect(verify.code).toBe(5);
    expect(verify.stderr).toContain('✖ confiture.token_grants: entry 2 inserted');
  });

  it('refuses a token outside the grant scope', async () => {
    await grant(
      'orders-bot',
      'UNRESTRICTED',
      '--scope',
      'public.orders',
      '--scope',
      'public.users.phone',
    );
    const run = await reverse('orders-bot');
    expect(run.code).toBe(6);
    expect(run.stderr).toContain("outside the grant's scope (public.orders, public.users.phone)");
  });

  // A grant that expires later is refused once expired: token-vault.int.spec.ts, with a clock.
  it('refuses an expiry already past at grant time (exit 2)', async () => {
    const past = await grant('temp', 'REVERSE_WITHOUT_REASON', '--expires', '2020-01-01T00:00:00Z');
    expect(past.code).toBe(2);
    expect(past.stderr).toContain('the expiry 2020-01-01T00:00:00.000Z is not in the future');
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const given = await grant('temp', 'REVERSE_WITHOUT_REASON', '--expires', later, '--json');
    expect(JSON.parse(given.stdout)).toMatchObject({ principal: 'temp', expiresAt: later });
  });

  it('says an unknown token is not there, after checking the grant', async () => {
    await grant('ops', 'UNRESTRICTED');
    const run = await target.cli(
      ['tokens', 'reverse', 'TOKEN_nope', '--as', 'ops', '--key-file', (await keyOf('ops')).file],
      { CONFITURE_MASTER_KEY: target.env['CONFITURE_MASTER_KEY'] as string },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no such token in this database');
  });

  it('cannot reverse under another master key', async () => {
    await grant('ops', 'UNRESTRICTED');
    const run = await target.cli(
      ['tokens', 'reverse', 'TOKEN_7f3a', '--as', 'ops', '--key-file', (await keyOf('ops')).file],
      { CONFITURE_MASTER_KEY: securityTestEnv()['CONFITURE_MASTER_KEY'] as string },
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('local master key version');
  });

  it('needs the principal key (exit 2), and one only its owner can read', async () => {
    await grant('ops', 'UNRESTRICTED');
    const none = await target.cli(['tokens', 'reverse', 'TOKEN_7f3a', '--as', 'ops'], {
      CONFITURE_MASTER_KEY: target.env['CONFITURE_MASTER_KEY'] as string,
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no principal credential: give --key-file');
    const { file } = await keyOf('ops');
    chmodSync(file, 0o644);
    try {
      const shared = await reverse('ops');
      expect(shared.code).toBe(2);
      expect(shared.stderr).toContain(`key file ${file} can be read by other users`);
    } finally {
      chmodSync(file, 0o600);
    }
  });

  it('rejects a malformed expiry, a grant without a public key, a bad scope', async () => {
    const run = await grant('x', 'READ_ONLY', '--expires-in', 'soon');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"soon" is not <n>h, <n>d or <n>w');
    const keyless = await target.cli(['tokens', 'grant', 'x', '--level', 'READ_ONLY']);
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toContain("names the principal's public key");
    const scope = await grant('x', 'READ_ONLY', '--scope', 'a.b.c.d');
    expect(scope.code).toBe(2);
    expect(scope.stderr).toContain('--scope "a.b.c.d" is not table or table.column');
  });
});
