import { runCli } from '../test-support/run-cli';

describe('confiture demo', () => {
  it('runs the whole job on a small generated shop and passes its verification', async () => {
    const run = await runCli(['demo', '--rows', '2000', '--json'], {}, { timeoutMs: 300_000 });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      status: 'completed',
      verification: { passed: true },
      governance: { unmapped: [] },
    });
    expect(report.auditEntry).toBeDefined();
    expect(
      report.tables.find((t: { table: string }) => t.table === 'public.audit_logs'),
    ).toMatchObject({
      excluded: true,
      rows: 0,
    });
  });
});
