import { filterShapeProblem } from './profile-sql';

describe('filterShapeProblem', () => {
  it.each([
    "created_at > now() - interval '1 year'",
    "name = 'a;b' AND note <> 'it''s (not'",
    `"Odd;Name)" IS NOT NULL`,
    "body LIKE E'\\';%'",
    'body = $x$ ; ) $x$',
    'id > 0 /* ; ) */ -- ;\n AND (id < 10)',
  ])('accepts one self-contained expression: %s', (filter) => {
    expect(filterShapeProblem(filter)).toBeUndefined();
  });

  it.each([
    ['true; DELETE FROM users', 'contains ";": a filter is one expression, not statements'],
    ['true) OR (true', 'closes a parenthesis it did not open'],
    ['true) UNION ALL SELECT * FROM users WHERE (true', 'closes a parenthesis it did not open'],
    ['(id > 1', 'leaves a parenthesis open'],
    ["name = 'open", 'has an unterminated quote'],
    ['id > 0 /* never closed', 'has an unterminated comment'],
  ])('refuses %s', (filter, problem) => {
    expect(filterShapeProblem(filter)).toBe(problem);
  });
});
