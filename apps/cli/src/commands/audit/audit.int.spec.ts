import { randomUUID } from 'node:crypto';
import { AuditKey, appendAuditEntry } from '@confiture/security';
import { securityCliHarness, tamperLedger } from '../../test-support/security-cli';

describe('confiture audit log / audit verify', () => {
  const runIds = [randomUUID(), randomUUID()];
  const target = securityCliHarness(async (client, env) => {
    for (const [i, runId] of runIds.entries()) {
      await appendAuditEntry(
        client,
        {
          runId,
          osUser: 'alice',
          host: 'laptop-3',
          source: 'production (app@db1:5432/app)',
          target: 'local (dev@localhost:5432/app)',
          profile: { name: 'production', version: '3', sha256: 'c'.repeat(64) },
          tables: ['public.users'],
          rowsPerTable: { 'public.users': 1000 + i },
          strategies: { 'public.users.email': 'email' },
          // The shape the sync records (its verification report).
          verification: { passed: i === 0, checks: [] },
          startedAt: new Date('2026-03-01T02:00:00Z'),
          finishedAt: new Date(`2026-03-0${i + 1}T02:05:00Z`),
          status: i === 0 ? 'succeeded' : 'failed',
        },
        AuditKey.fromString(env['CONFITURE_AUDIT_KEY'] as string),
      );
    }
  });
  const cli = (...args: string[]) => target.cli(args);

  it('lists the syncs newest first', async () => {
    const run = await cli('audit', 'log');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      '#2 2026-03-02T02:05:00.000Z failed by alice@laptop-3: production (app@db1:5432/app) → local (dev@localhost:5432/app)',
    );
    expect(lines[1]).toContain('VERIFICATION FAILED');
    expect(lines[2]).toMatch(/^#1 .* succeeded by alice@laptop-3/);
    expect(lines[3]).toContain(
      `1 tables, 1000 rows, 1 anonymized columns, verified; run ${runIds[0]}`,
    );
  });

  it('lists them as one JSON document with --json, filtered by run', async () => {
    const run = await cli('audit', 'log', '--json', '--run', runIds[1] as string);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      entries: [
        expect.objectContaining({
          sequence: 2,
          runId: runIds[1],
          rowsPerTable: { 'public.users': 1001 },
        }),
      ],
    });
  });

  it('verifies both signed logs', async () => {
    const run = await cli('audit', 'verify');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✔ confiture.audit_log: 2 entries, chain intact');
    expect(run.stdout).toContain('✔ confiture.token_access_log: 0 entries, chain intact');
  });

  it('exits 5 when a verification result was rewritten', async () => {
    await tamperLedger(
      target.client,
      'audit_log',
      `UPDATE confiture.audit_log SET verification = '{"passed": true, "checks": []}' WHERE sequence = 2`,
    );
    const run = await cli('audit', 'verify');
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('✖ confiture.audit_log: entry 2 altered');
  });

  it('exits 5 when the last entry was deleted', async () => {
    await tamperLedger(
      target.client,
      'audit_log',
      'DELETE FROM confiture.audit_log WHERE sequence = 2',
    );
    const run = await cli('audit', 'verify', '--json');
    expect(run.code).toBe(5);
    expect(JSON.parse(run.stdout).error.message).toContain('entry 2 deleted');
  });
});
