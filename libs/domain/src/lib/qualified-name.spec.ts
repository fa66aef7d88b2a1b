import {
  formatQualifiedName,
  parseQualifiedName,
  quoteIdent,
  quoteQualified,
} from './qualified-name';

describe('qualified names', () => {
  it('defaults to the public schema', () => {
    expect(parseQualifiedName('users')).toEqual({ schema: 'public', name: 'users' });
  });

  it('keeps case exactly as written', () => {
    expect(parseQualifiedName('app.Accounts')).toEqual({ schema: 'app', name: 'Accounts' });
  });

  it('understands quoted parts with dots and doubled quotes', () => {
    expect(parseQualifiedName('"my.schema"."a""b"')).toEqual({ schema: 'my.schema', name: 'a"b' });
  });

  it('refuses three-part and empty names', () => {
    expect(() => parseQualifiedName('db.app.users')).toThrow('expected `table` or `schema.table`');
    expect(() => parseQualifiedName('app.')).toThrow('empty name part');
    expect(() => parseQualifiedName('"open')).toThrow('unterminated quote');
  });

  it('always quotes identifiers for SQL', () => {
    expect(quoteIdent('order')).toBe('"order"');
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(quoteQualified({ schema: 'app', name: 'Accounts' })).toBe('"app"."Accounts"');
  });

  it('formats names for people, quoting only where needed', () => {
    expect(formatQualifiedName({ schema: 'public', name: 'users' })).toBe('public.users');
    expect(formatQualifiedName({ schema: 'app', name: 'Accounts' })).toBe('app."Accounts"');
  });
});
