import { randomUUID } from 'node:crypto';
import { AuditKey, appendLineage, hashStrategyOptions } from '@confiture/security';
import { securityCliHarness, securityTestEnv, tamperLedger } from '../../test-support/security-cli';

describe('confiture lineage verify', () => {
  const target = securityCliHarness(async (client, env) => {
    const runId = randomUUID();
    await appendLineage(
      client,
      ['email', 'phone', 'ssn', 'notes'].map((column) => ({
        runId,
        table: 'public.users',
        column,
        strategy: 'hash',
        optionsSha256: hashStrategyOptions({ column }),
        rows: 100,
      })),
      AuditKey.fromString(env['CONFITURE_AUDIT_KEY'] as string),
    );
  });
  const verify = (...extra: string[]) => target.cli(['lineage', 'verify', ...extra]);

  it('exits 0 on an intact chain', async () => {
    const run = await verify();
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(
      /^✔ confiture\.lineage: 4 entries, chain intact \(head 4 [0-9a-f]{12}\)\n$/,
    );
  });

  it('prints one JSON document with --json', async () => {
    const run = await verify('--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ledger: 'lineage',
      ok: true,
      entries: 4,
      head: { sequence: 4 },
    });
  });

  it('exits 5 naming an entry altered by a superuser', async () => {
    await tamperLedger(
      target.client,
      'lineage',
      "UPDATE confiture.lineage SET strategy = 'preserve' WHERE sequence = 2",
    );
    const run = await verify();
    expect(run.code).toBe(5);
    expect(run.stderr).toContain(
      '✖ confiture.lineage: entry 2 altered: entry 2 of confiture.lineage was altered',
    );
  });

  it('exits 5 naming an entry deleted by a superuser', async () => {
    await tamperLedger(
      target.client,
      'lineage',
      'DELETE FROM confiture.lineage WHERE sequence = 3',
    );
    const run = await verify('--json');
    expect(run.code).toBe(5);
    expect(JSON.parse(run.stdout)).toEqual({
      error: expect.objectContaining({
        code: 'INTEGRITY_FAILED',
        message: expect.stringMatching(/^confiture\.lineage: entry 3 deleted: entry 3 is missing/),
      }),
    });
  });

  it('exits 5 naming an entry inserted by a superuser', async () => {
    await tamperLedger(
      target.client,
      'lineage',
      `INSERT INTO confiture.lineage SELECT 5, recorded_at, entry_hash, entry_hash, signature, run_id, table_name, 'extra', strategy, options_sha256, rows
       FROM confiture.lineage WHERE sequence = 4`,
    );
    const run = await verify();
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/entry 5 (inserted|altered)/);
  });

  it('says which variable is missing without the key', async () => {
    const run = await target.cli(['lineage', 'verify'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('environment variable CONFITURE_AUDIT_KEY is not set');
  });

  it('reports a wrong key as a bad signature', async () => {
    const run = await target.cli(['lineage', 'verify'], securityTestEnv());
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('entry 1 bad-signature');
    expect(run.stderr).toContain(
      'hint: Check that CONFITURE_AUDIT_KEY is the key the syncs signed with',
    );
  });
});
