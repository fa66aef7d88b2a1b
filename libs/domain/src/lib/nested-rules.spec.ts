import { testCatalog } from '../test-support/test-catalog';
import { resolveProfile } from './load-profile';
import { nestedRules, profileRules, rulesWithin, usesTokenize } from './nested-rules';

const profile = resolveProfile(
  {
    tables: {
      users: [
        { column: 'email', strategy: 'email' },
        {
          column: 'doc',
          strategy: 'json',
          rules: [
            { path: '$.phone', strategy: 'phone' },
            { path: '$.inner', strategy: 'json', rules: [{ path: '$.x', strategy: 'redact' }] },
          ],
        },
      ],
      orders: [{ column: 'note', strategy: 'redact' }],
    },
  },
  { catalog: testCatalog },
);
const [email, doc] = profile.tables[0]!.rules;

describe('rules nested in json rules', () => {
  it('reads the resolved rules of a json rule, and none of any other', () => {
    expect(nestedRules(doc!).map((r) => [r.column, r.type])).toEqual([
      ['$.phone', 'phone'],
      ['$.inner', 'json'],
    ]);
    expect(nestedRules(email!)).toEqual([]);
  });

  it('walks a rule and every rule within it, depth first', () => {
    expect(rulesWithin(doc!).map((r) => r.column)).toEqual(['doc', '$.phone', '$.inner', '$.x']);
  });

  it('lists every rule of a profile, table by table, nested ones included', () => {
    expect(profileRules(profile).map((r) => `${r.type}:${r.column}`)).toEqual([
      'email:email',
      'json:doc',
      'phone:$.phone',
      'json:$.inner',
      'redact:$.x',
      'redact:note',
    ]);
  });

  it('says whether a rule tokenizes, also two json levels down', () => {
    const tokenizing = {
      ...doc!,
      options: { rules: [{ ...doc!, options: { rules: [{ ...email!, type: 'tokenize' }] } }] },
    };
    expect(usesTokenize(tokenizing)).toBe(true);
    expect(usesTokenize(doc)).toBe(false);
    expect(usesTokenize(undefined)).toBe(false);
  });
});
