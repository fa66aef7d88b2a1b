import { withoutValues } from './postgres-message';

describe('withoutValues', () => {
  it('removes the string literals of a filter the server quoted, and keeps identifiers', () => {
    // Pre-flight's EXPLAIN of profile SQL reports the server's message through it.
    expect(withoutValues('invalid input syntax for type integer: "ceo@corp.example"')).toBe(
      'invalid input syntax for type integer: "…"',
    );
    expect(withoutValues('column "regionx" does not exist')).toBe(
      'column "regionx" does not exist',
    );
    expect(withoutValues('bad value: "it\'s"')).toBe('bad value: "…"');
  });
});
