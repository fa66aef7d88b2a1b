import { AuditKey, LocalKeyProvider, TokenVault } from '@confiture/security';
import { securityCliHarness, securityTestEnv } from '../../test-support/security-cli';

describe('confiture tokens grant / tokens reverse', () => {
  const target = securityCliHarness(
    async (client, env) => {
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
  const cli = (...args: string[]) => target.cli(args);
  const reverse = (principal: string, ...extra: string[]) =>
    cli('tokens', 'reverse', 'TOKEN_7f3a', '--as', principal, ...extra);
  const grant = (principal: string, level: string, ...extra: string[]) =>
    cli('tokens', 'grant', principal, '--level', level, ...extra);
  const accessLog = async () =>
    (
      await target.client.query(
        'SELECT event, principal, outcome, reason FROM confiture.token_access_log ORDER BY sequence',
      )
    ).rows;

  it('refuses a principal without a grant (exit 6) and records the attempt', async () => {
    const run = await reverse('mallory');
    expect(run.code).toBe(6);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('✖ reversal of TOKEN_7f3a by mallory refused: no grant');
    expect(await accessLog()).toEqual([
      { event: 'reverse', principal: 'mallory', outcome: 'refused', reason: null },
    ]);
  });

  it('reverses with REVERSE_WITH_REASON only when a reason is given, recording both attempts', async () => {
    expect((await grant('dpo', 'REVERSE_WITH_REASON')).code).toBe(0);
    const without = await reverse('dpo');
    expect(without.code).toBe(6);
    expect(without.stderr).toContain('requires --reason');
    const withReason = await reverse('dpo', '--reason', 'SAR-2031 subject access request');
    expect(withReason.code).toBe(0);
    expect(withReason.stdout).toBe('carol@example.com\n');
    expect(withReason.stderr).toContain(
      'public.users.email reversed for dpo (REVERSE_WITH_REASON)',
    );
    expect(await accessLog()).toEqual([
      { event: 'grant', principal: 'dpo', outcome: 'granted', reason: null },
      { event: 'reverse', principal: 'dpo', outcome: 'refused', reason: null },
      {
        event: 'reverse',
        principal: 'dpo',
        outcome: 'granted',
        reason: 'SAR-2031 subject access request',
      },
    ]);
  });

  it('never reverses for READ_ONLY or NONE', async () => {
    await grant('viewer', 'READ_ONLY');
    await grant('revoked', 'NONE');
    expect((await reverse('viewer', '--reason', 'just curious about it')).code).toBe(6);
    expect((await reverse('revoked')).code).toBe(6);
  });

  it('reverses for UNRESTRICTED, as one JSON document with --json', async () => {
    await grant('ops', 'UNRESTRICTED');
    const run = await reverse('ops', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      token: 'TOKEN_7f3a',
      original: 'carol@example.com',
      table: 'public.users',
      column: 'email',
      principal: 'ops',
      accessLevel: 'UNRESTRICTED',
      logSequence: 2,
    });
  });

  it('refuses once a grant has expired', async () => {
    const grantRun = await grant(
      'temp',
      'REVERSE_WITHOUT_REASON',
      '--expires',
      '2020-01-01T00:00:00Z',
      '--json',
    );
    expect(JSON.parse(grantRun.stdout)).toMatchObject({
      principal: 'temp',
      expiresAt: '2020-01-01T00:00:00.000Z',
    });
    const run = await reverse('temp');
    expect(run.code).toBe(6);
    expect(run.stderr).toContain(
      'grant REVERSE_WITHOUT_REASON expired at 2020-01-01T00:00:00.000Z',
    );
  });

  it('says an unknown token is not there, after checking the grant', async () => {
    await grant('ops', 'UNRESTRICTED');
    const run = await cli('tokens', 'reverse', 'TOKEN_nope', '--as', 'ops');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no such token in this database');
  });

  it('cannot reverse under another master key', async () => {
    await grant('ops', 'UNRESTRICTED');
    const run = await target.cli(['tokens', 'reverse', 'TOKEN_7f3a', '--as', 'ops'], {
      ...target.env,
      CONFITURE_MASTER_KEY: securityTestEnv()['CONFITURE_MASTER_KEY'] as string,
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('local master key version');
  });

  it('rejects a malformed expiry', async () => {
    const run = await grant('x', 'READ_ONLY', '--expires-in', 'soon');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"soon" is not <n>h, <n>d or <n>w');
  });
});
