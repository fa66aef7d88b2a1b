import { isConfitureError, parseProfile } from '@confiture/domain';
import { strategyCatalog } from '@confiture/strategies';
import { pipelineFromProfile } from './profile-pipeline';

const load = (governance: string) =>
  parseProfile(`version: 1\ngovernance:\n${governance}`, 'profile.yaml', {
    catalog: strategyCatalog,
  });

const problems = (governance: string): string[] => {
  try {
    load(governance);
  } catch (error) {
    if (!isConfitureError(error)) throw error;
    return (error.details.length > 0 ? error.details : [error]).map((e) => e.describe());
  }
  throw new Error('expected the profile to be refused');
};

describe('governance: in a profile', () => {
  it('reads validators with defaults and hooks per phase', () => {
    const profile = load(`
  validators:
    - { type: completeness, table: app.users, columns: [id, email] }
    - { type: range, table: orders, column: amount, min: 0, max: 1000, phase: post_anonymization, severity: warning }
    - { type: type, table: users, columns: { email: text } }
    - { type: custom, name: consent_recorded }
  hooks:
    before_anonymization: [notify_dpo]
`);
    expect(profile.governance).toEqual({
      validators: [
        {
          type: 'completeness',
          table: 'app.users',
          columns: ['id', 'email'],
          allow_nulls: false,
          phase: 'pre_validation',
          severity: 'error',
        },
        {
          type: 'range',
          table: 'orders',
          column: 'amount',
          min: 0,
          max: 1000,
          phase: 'post_anonymization',
          severity: 'warning',
        },
        {
          type: 'type',
          table: 'users',
          columns: { email: 'text' },
          phase: 'pre_validation',
          severity: 'error',
        },
        { type: 'custom', name: 'consent_recorded', phase: 'pre_validation', severity: 'error' },
      ],
      hooks: {
        pre_validation: [],
        before_anonymization: ['notify_dpo'],
        anonymization: [],
        post_anonymization: [],
        cleanup: [],
      },
    });
    const pipeline = pipelineFromProfile(profile, {
      hooks: { notify_dpo: () => undefined },
      validators: { consent_recorded: () => ({ passed: true, detail: 'ok' }) },
    });
    expect(pipeline.describe()).toEqual([
      {
        phase: 'PRE_VALIDATION',
        validators: [
          'completeness(app.users: id, email)',
          'type(public.users)',
          'consent_recorded',
        ],
        hooks: [],
      },
      { phase: 'BEFORE_ANONYMIZATION', validators: [], hooks: ['notify_dpo'] },
      { phase: 'ANONYMIZATION', validators: [], hooks: [] },
      {
        phase: 'POST_ANONYMIZATION',
        validators: ['range(public.orders.amount in [0, 1000])'],
        hooks: [],
      },
      { phase: 'CLEANUP', validators: [], hooks: [] },
    ]);
  });

  it('refuses unknown keys, validator types and phases, with their place', () => {
    expect(
      problems(`
  validators:
    - { type: completeness, table: users, columns: [id], colums: [x] }
    - { type: uniqueness, table: users }
    - { type: range, table: t, column: c, phase: cleanup }
  hooks:
    after_everything: [x]
`),
    ).toEqual([
      expect.stringMatching(/governance\.validators\[0\].*unknown key "colums"/),
      expect.stringMatching(/governance\.validators\[1\]\.type/),
      expect.stringMatching(/governance\.validators\[2\]\.phase/),
      expect.stringMatching(/governance\.hooks.*unknown key "after_everything"/),
    ]);
  });

  it('names every hook or validator the profile asks for that is not registered', () => {
    const profile = load(`
  validators: [{ type: custom, name: consent_recorded }]
  hooks: { cleanup: [drop_temp, notify] }
`);
    let caught: unknown;
    try {
      pipelineFromProfile(profile, { hooks: { notify: () => undefined } });
    } catch (error) {
      caught = error;
    }
    expect(isConfitureError(caught) && caught.details.map((d) => d.describe())).toEqual([
      'profile.yaml governance.validators[0].name: no validator named "consent_recorded" is registered',
      'profile.yaml governance.hooks.cleanup[0]: no hook named "drop_temp" is registered',
    ]);
  });
});
