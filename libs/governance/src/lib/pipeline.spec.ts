import { ConfitureError } from '@confiture/domain';
import { GovernancePipeline, isPipelineStop, type PipelinePhase } from './pipeline';
import { customValidator } from './validators';

function tracing() {
  const trace: string[] = [];
  const hook = (name: string) => ({ name, run: () => void trace.push(name) });
  return { trace, hook };
}

describe('GovernancePipeline', () => {
  it('runs validators, the anonymization step and hooks phase by phase, CLEANUP last', async () => {
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
    const result = await pipeline.run(async () => {
      trace.push('anonymize');
      return 42;
    });
    expect(trace).toEqual(['validate', 'pre', 'before', 'anonymize', 'post', 'cleanup']);
    expect(result.value).toBe(42);
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

  it('lets a hook stop the run with a reason that reaches the report; anonymization never runs; CLEANUP does', async () => {
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
    const result = await pipeline.run(async () => {
      trace.push('anonymize');
    });
    expect(trace).toEqual(['cleanup after BEFORE_ANONYMIZATION']);
    expect(result.report.status).toBe('stopped');
    expect(result.report.stoppedBy).toEqual({
      phase: 'BEFORE_ANONYMIZATION',
      step: 'consent-check',
      reason: 'no consent recorded for 3 subjects',
    });
    expect(isPipelineStop(result.error)).toBe(true);
    expect(() => result.unwrap()).toThrow(
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
    const warned = await new GovernancePipeline()
      .addValidator('PRE_VALIDATION', failing('warning'))
      .run(async () => 'done');
    expect(warned.report.status).toBe('completed');
    expect(warned.report.warnings).toEqual([
      'PRE_VALIDATION: no-negative-amounts: 2 negative amounts',
    ]);
    const stopped = await new GovernancePipeline()
      .addValidator('PRE_VALIDATION', failing())
      .run(async () => 'done');
    expect(stopped.report.stoppedBy).toEqual({
      phase: 'PRE_VALIDATION',
      step: 'no-negative-amounts',
      reason: '2 negative amounts',
    });
    expect(stopped.report.phases[0]!.steps[0]).toMatchObject({ status: 'failed', count: 2 });
  });

  it('runs CLEANUP after the anonymization step fails, tells it why, and keeps the first error', async () => {
    const seen: string[] = [];
    const result = await new GovernancePipeline()
      .addHook('CLEANUP', {
        name: 'a',
        run: () => {
          throw new Error('cleanup a broke');
        },
      })
      .addHook('CLEANUP', { name: 'b', run: (c) => void seen.push(c.failure!.message) })
      .run(async () => {
        throw new ConfitureError('SYNC_FAILED', 'target went away');
      });
    expect(seen).toEqual(['target went away']);
    expect(result.report.status).toBe('failed');
    expect(result.report.failure).toEqual({ phase: 'ANONYMIZATION', message: 'target went away' });
    expect(() => result.unwrap()).toThrow('target went away');
    expect(result.report.phases[4]!.steps.map((s) => [s.step, s.status])).toEqual([
      ['a', 'failed'],
      ['b', 'passed'],
    ]);
  });

  it('lets the anonymization step enter phases itself, once each, in order', async () => {
    const { trace, hook } = tracing();
    const pipeline = new GovernancePipeline()
      .addHook('PRE_VALIDATION', hook('pre'))
      .addHook('BEFORE_ANONYMIZATION', hook('before'))
      .addHook('POST_ANONYMIZATION', hook('post'));
    const result = await pipeline.run(
      async (steps) => {
        trace.push('connect');
        await steps.enter('BEFORE_ANONYMIZATION');
        await steps.enter('BEFORE_ANONYMIZATION');
        trace.push('write');
        await steps.enter('POST_ANONYMIZATION');
        trace.push('record');
      },
      { mode: 'inside' },
    );
    expect(trace).toEqual(['connect', 'pre', 'before', 'write', 'post', 'record']);
    expect(result.report.status).toBe('completed');
  });

  it('marks a phase the anonymization step skipped, with the reason', async () => {
    const { trace, hook } = tracing();
    const result = await new GovernancePipeline().addHook('POST_ANONYMIZATION', hook('post')).run(
      async (steps) => {
        await steps.enter('BEFORE_ANONYMIZATION');
        steps.skip('POST_ANONYMIZATION', 'dry run');
      },
      { mode: 'inside' },
    );
    expect(trace).toEqual([]);
    expect(result.report.phases[3]).toMatchObject({ status: 'skipped', reason: 'dry run' });
  });

  it('reports a validator without a session as skipped, not failed', async () => {
    const phases: PipelinePhase[] = [];
    const result = await new GovernancePipeline()
      .addValidator(
        'POST_ANONYMIZATION',
        customValidator('needs-target', (c) => {
          phases.push(c.phase);
          return c.target
            ? { passed: true, detail: 'ok' }
            : { passed: true, skipped: true, detail: 'no target session' };
        }),
      )
      .run(async () => undefined);
    expect(phases).toEqual(['POST_ANONYMIZATION']);
    expect(result.report.phases[3]!.steps[0]!.status).toBe('skipped');
  });
});
