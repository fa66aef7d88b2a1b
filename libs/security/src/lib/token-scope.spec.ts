import { describeScope, inScope, parseScopeItem } from './token-scope';

describe('token scopes', () => {
  it.each([
    ['users', { table: 'public.users' }],
    ['app.users', { table: 'app.users' }],
    ['app.users.email', { table: 'app.users', column: 'email' }],
    ['"My.Schema"."Users"."E-mail"', { table: '"My.Schema"."Users"', column: 'E-mail' }],
    ['"a""b".t', { table: '"a""b".t' }],
  ])('parses %p', (text, item) => {
    expect(parseScopeItem(text)).toEqual(item);
  });

  it.each(['a.b.c.d', 'a..b', '"unterminated.t', ''])('refuses %p', (text) => {
    expect(() => parseScopeItem(text)).toThrow(/is not table or table\.column/);
  });

  it('covers every token without a scope, else only the tables and columns it names', () => {
    const users = { table: 'public.users', column: 'email' };
    const orders = { table: 'public.orders', column: 'buyer_email' };
    expect(inScope(null, users)).toBe(true);
    expect(inScope([{ table: 'public.users' }], users)).toBe(true);
    expect(inScope([{ table: 'public.users' }], orders)).toBe(false);
    expect(inScope([{ table: 'public.users', column: 'phone' }], users)).toBe(false);
    expect(describeScope(null)).toBe('every token');
    expect(describeScope([{ table: 'public.users' }, users])).toBe(
      'public.users, public.users.email',
    );
  });
});
