import { ConfitureError } from '@confiture/domain';
import { GovernancePipeline, isPipelineStop, type PipelinePhase } from './pipeline';
import { customValidator } from './validators';

function tracing() {
  const trace: string[] = [];
  const hook = (name: string) => ({ name, run: () => void trace.push(name) });
  return { trace, hook };
}

/** A run entered phase by phase as a sync's hooks enter it, and what the sync returns or throws. */
async function governed(pipeline: GovernancePipeline, sync: () => Promise<void>) {
  const run = pipeline.start();
  try {
    await run.enter('PRE_VALIDATION');
    await run.enter('BEFORE_ANONYMIZATION');
    await sync();
    await run.enter('ANONYMIZATION');
    await run.enter('POST_ANONYMIZATION');
  } catch (error) {
    return run.finish(error);
  }
  return run.finish();
}

describe('GovernancePipeline', () => {
  it('runs validators and hooks phase by phase as they are entered, CLEANUP last', async () => {
    const { trace, hook } = tracing();
    const pipeline = new GovernancePipeline()
      .addHook('CLEANUP', hook('cleanup'))
      .addHook('POST_ANONYMIZATION', hook('post'))
      .addHook('BEFORE_ANONYMIZATION', hook('before'))
      .addHook('PRE_VALIDATION', hook('pre'))
      .addValidator(
        'PRE_VALIDATION',
        customValidator('schema-ok', () => {
          trace.push('validate');
          return { passed: true, detail: 'fine' };
        }),
      );
    const result = await governed(pipeline, async () => void trace.push('anonymize'));
    expect(trace).toEqual(['validate', 'pre', 'before', 'anonymize', 'post', 'cleanup']);
    expect(result.error).toBeUndefined();
    expect(result.report.status).toBe('completed');
    expect(result.report.phases.map((p) => [p.phase, p.status])).toEqual([
      ['PRE_VALIDATION', 'completed'],
      ['BEFORE_ANONYMIZATION', 'completed'],
      ['ANONYMIZATION', 'completed'],
      ['POST_ANONYMIZATION', 'completed'],
      ['CLEANUP', 'completed'],
    ]);
    expect(result.report.phases[0]!.steps.map((s) => [s.step, s.kind, s.status])).toEqual([
      ['schema-ok', 'validator', 'passed'],
      ['pre', 'hook', 'passed'],
    ]);
  });

  it('lets a hook stop the run with a reason that reaches the report; the sync never runs; CLEANUP does', async () => {
    const { trace, hook } = tracing();
    const pipeline = new GovernancePipeline()
      .addHook('BEFORE_ANONYMIZATION', {
        name: 'consent-check',
        run: (context) => context.stop('no consent recorded for 3 subjects'),
      })
      .addHook('CLEANUP', {
        name: 'release-lock',
        run: (context) => void trace.push(`cleanup after ${context.failure?.phase ?? 'nothing'}`),
      })
      .addHook('POST_ANONYMIZATION', hook('post'));
    const result = await governed(pipeline, async () => void trace.push('anonymize'));
    expect(trace).toEqual(['cleanup after BEFORE_ANONYMIZATION']);
    expect(result.report.status).toBe('stopped');
    expect(result.report.stoppedBy).toEqual({
      phase: 'BEFORE_ANONYMIZATION',
      step: 'consent-check',
      reason: 'no consent recorded for 3 subjects',
    });
    expect(isPipelineStop(result.error)).toBe(true);
    expect(() => {
      throw result.error;
    }).toThrow(
      'BEFORE_ANONYMIZATION: consent-check stopped the run: no consent recorded for 3 subjects',
    );
    expect(result.report.phases.map((p) => p.status)).toEqual([
      'completed',
      'stopped',
      'not-run',
      'not-run',
      'completed',
    ]);
  });

  it('stops on a failing validator unless its severity is warning', async () => {
    const failing = (severity?: 'warning') =>
      customValidator(
        'no-negative-amounts',
        () => ({ passed: false, detail: '2 negative amounts', count: 2 }),
        severity,
      );
    const warned = await governed(
      new GovernancePipeline().addValidator('PRE_VALIDATION', failing('warning')),
      async () => undefined,
    );
    expect(warned.report.status).toBe('completed');
    expect(warned.report.warnings).toEqual([
      'PRE_VALIDATION: no-negative-amounts: 2 negative amounts',
    ]);
    const stopped = await governed(
      new GovernancePipeline().addValidator('PRE_VALIDATION', failing()),
      async () => undefined,
    );
    expect(stopped.report.stoppedBy).toEqual({
      phase: 'PRE_VALIDATION',
      step: 'no-negative-amounts',
      reason: '2 negative amounts',
    });
    expect(stopped.report.phases[0]!.steps[0]).toMatchObject({ status: 'failed', count: 2 });
  });

  it('runs CLEANUP after the sync fails, tells it why, and keeps the first error', async () => {
    const seen: string[] = [];
    const result = await governed(
      new GovernancePipeline()
        .addHook('CLEANUP', {
          name: 'a',
          run: () => {
            throw new Error('cleanup a broke');
          },
        })
        .addHook('CLEANUP', { name: 'b', run: (c) => void seen.push(c.failure!.message) }),
      async () => {
        throw new ConfitureError('SYNC_FAILED', 'target went away');
      },
    );
    expect(seen).toEqual(['target went away']);
    expect(result.report.status).toBe('failed');
    expect(result.report.failure).toEqual({ phase: 'ANONYMIZATION', message: 'target went away' });
    expect(() => {
      throw result.error;
    }).toThrow('target went away');
    expect(result.report.phases[4]!.steps.map((s) => [s.step, s.status])).toEqual([
      ['a', 'failed'],
      ['b', 'passed'],
    ]);
  });

  it('runs each phase once, PRE_VALIDATION before BEFORE_ANONYMIZATION, whatever enters them', async () => {
    const { trace, hook } = tracing();
    const run = new GovernancePipeline()
      .addHook('PRE_VALIDATION', hook('pre'))
      .addHook('BEFORE_ANONYMIZATION', hook('before'))
      .addHook('POST_ANONYMIZATION', hook('post'))
      .start();
    trace.push('connect');
    await run.enter('BEFORE_ANONYMIZATION');
    await run.enter('BEFORE_ANONYMIZATION');
    trace.push('write');
    await run.enter('POST_ANONYMIZATION');
    trace.push('record');
    const { report } = await run.finish();
    expect(trace).toEqual(['connect', 'pre', 'before', 'write', 'post', 'record']);
    expect(report.status).toBe('completed');
  });

  it('marks a phase the sync did not reach skipped, with the reason', async () => {
    const { trace, hook } = tracing();
    const run = new GovernancePipeline().addHook('POST_ANONYMIZATION', hook('post')).start();
    await run.enter('BEFORE_ANONYMIZATION');
    run.skip('POST_ANONYMIZATION', 'dry run');
    const { report } = await run.finish();
    expect(trace).toEqual([]);
    expect(report.phases[3]).toMatchObject({ status: 'skipped', reason: 'dry run' });
  });

  it('reports a validator without a session as skipped, not failed', async () => {
    const phases: PipelinePhase[] = [];
    const result = await governed(
      new GovernancePipeline().addValidator(
        'POST_ANONYMIZATION',
        customValidator('needs-target', (c) => {
          phases.push(c.phase);
          return c.target
            ? { passed: true, detail: 'ok' }
            : { passed: true, skipped: true, detail: 'no target session' };
        }),
      ),
      async () => undefined,
    );
    expect(phases).toEqual(['POST_ANONYMIZATION']);
    expect(result.report.phases[3]!.steps[0]!.status).toBe('skipped');
  });
});
