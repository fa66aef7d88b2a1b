import { parseProfile } from '@confiture/domain';
import { strategyCatalog } from '@confiture/strategies';
import type { ColumnFinding } from './classify-column';
import { coverageOf } from './coverage';

const profile = parseProfile(
  `
tables:
  users:
    - { column: email, strategy: email }
    - { column: notes, strategy: preserve }
    - { column: profile, strategy: json, rules: [{ path: $.contact, strategy: redact }, { path: $.plan, strategy: preserve }] }
  app.Accounts:
    - { column: Email, strategy: hash }
exclude_tables: [audit_logs]
`,
  'profile.yaml',
  { catalog: strategyCatalog },
);

const finding = (table: string, column: string, jsonPaths: string[] = []): ColumnFinding => {
  const [schema, name] = table.includes('.') ? table.split('.') : ['public', table];
  return {
    table: { schema: schema!, name: name! },
    column,
    type: 'text',
    category: 'text',
    isArray: false,
    pii: true,
    kind: 'email',
    contains: [],
    confidence: 0.9,
    evidence: [],
    jsonPaths,
    sampledValues: 0,
  };
};

describe('coverageOf', () => {
  it('says how the profile treats a PII column', () => {
    expect(coverageOf(profile, finding('users', 'email'))).toEqual({
      status: 'rule',
      rule: { strategy: 'email', type: 'email', path: 'tables.users[0]' },
    });
    expect(coverageOf(profile, finding('users', 'notes')).status).toBe('preserved');
    expect(coverageOf(profile, finding('audit_logs', 'actor')).status).toBe('excluded');
    expect(coverageOf(profile, finding('users', 'phone')).status).toBe('unmapped');
  });

  it('matches names exactly, case included', () => {
    expect(coverageOf(profile, finding('app.Accounts', 'Email')).status).toBe('rule');
    expect(coverageOf(profile, finding('app.accounts', 'Email')).status).toBe('unmapped');
    expect(coverageOf(profile, finding('app.Accounts', 'email')).status).toBe('unmapped');
  });

  it('checks that a json rule reaches every path where PII was found (a nested preserve does not)', () => {
    expect(
      coverageOf(profile, finding('users', 'profile', ['$.contact.email', '$.contact[*].phone']))
        .status,
    ).toBe('rule');
    expect(
      coverageOf(
        profile,
        finding('users', 'profile', ['$.contact.email', '$.plan.owner', '$.billing.iban']),
      ),
    ).toEqual({
      status: 'partial',
      rule: { strategy: 'json', type: 'json', path: 'tables.users[2]' },
      uncoveredPaths: ['$.plan.owner', '$.billing.iban'],
    });
  });
});
