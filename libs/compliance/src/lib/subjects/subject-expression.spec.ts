import { isConfitureError, type ConfitureError } from '@confiture/domain';
import { parseComplianceConfig } from '../compliance-config';
import { parseSubjectExpression } from './subject-expression';

function errorOf(fn: () => unknown): ConfitureError {
  try {
    fn();
  } catch (error) {
    if (isConfitureError(error)) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('--subject <table>.<column>=<value>', () => {
  it('reads schema, table (case kept), column and the value after the first "="', () => {
    expect(parseSubjectExpression('app.Accounts.id=42')).toEqual({
      table: { schema: 'app', name: 'Accounts' },
      column: 'id',
      value: '42',
    });
    expect(parseSubjectExpression('app."My.Table"."Col"=a=b')).toEqual({
      table: { schema: 'app', name: 'My.Table' },
      column: 'Col',
      value: 'a=b',
    });
    expect(parseSubjectExpression('Accounts.Email=x@y.example')).toEqual({
      table: { schema: 'public', name: 'Accounts' },
      column: 'Email',
      value: 'x@y.example',
    });
  });

  it('refuses a malformed expression without echoing the value', () => {
    for (const text of ['42', 'Accounts=42', 'app.Accounts.id=', '=42', 'a.b.c.d=secret@x']) {
      const error = errorOf(() => parseSubjectExpression(text));
      expect(error.code).toBe('INPUT_INVALID');
      expect(error.message).not.toContain('secret');
    }
  });
});

describe('compliance.yaml subjects:', () => {
  const head = 'controller: { name: Acme, contact: privacy@acme.example }\n';

  it('accepts the documented section', () => {
    const config = parseComplianceConfig(
      head +
        `subjects:
  root: app.Accounts
  identifiers: [id, Email]
  also_match:
    - { table: app.audit_events, column: actor_email, matches: Email }
  erasure:
    default: delete
    tables:
      billing.invoices: { action: anonymize }
`,
      'c.yaml',
    );
    expect(config.subjects?.root).toBe('app.Accounts');
    expect(config.subjects?.erasure?.tables?.['billing.invoices']?.action).toBe('anonymize');
  });

  it('refuses an unknown key and a bad action with their YAML paths', () => {
    const unknown = errorOf(() =>
      parseComplianceConfig(
        head + 'subjects:\n  root: a.b\n  identifiers: [id]\n  roots: x\n',
        'c.yaml',
      ),
    );
    expect(unknown.location.path).toBe('subjects');
    expect(unknown.message).toContain('unknown key "roots"');
    const action = errorOf(() =>
      parseComplianceConfig(
        head +
          'subjects:\n  root: a.b\n  identifiers: [id]\n  erasure:\n    tables:\n      x.y: { action: shred }\n',
        'c.yaml',
      ),
    );
    expect(action.location.path).toBe('subjects.erasure.tables["x.y"].action');
  });
});
