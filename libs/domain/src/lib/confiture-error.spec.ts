import { ConfitureError, formatLocation, isConfitureError } from './confiture-error';

describe('ConfitureError', () => {
  it('carries code, location and hint, and describes itself with its place', () => {
    const error = new ConfitureError('PROFILE_INVALID', 'bad value', {
      file: 'p.yaml',
      line: 3,
      col: 7,
      path: 'tables.users',
      hint: 'fix it',
    });
    expect(error.describe()).toBe('p.yaml:3:7 tables.users: bad value');
    expect(error.toJSON()).toEqual({
      code: 'PROFILE_INVALID',
      message: 'bad value',
      file: 'p.yaml',
      line: 3,
      col: 7,
      path: 'tables.users',
      hint: 'fix it',
    });
    expect(isConfitureError(error)).toBe(true);
    expect(isConfitureError(new Error('x'))).toBe(false);
  });

  it('formats table and column places', () => {
    expect(formatLocation({ table: 'public.users', column: 'email' })).toBe('public.users.email');
    expect(formatLocation({})).toBe('');
  });
});
