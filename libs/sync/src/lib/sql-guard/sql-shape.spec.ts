import { ConfitureError } from '@confiture/domain';
import { checkSqlShape, loadSqlParser } from './sql-shape';

const where = { file: 'p.yaml', path: 'tables.products.filter' };
const refusal = (sql: string, place: 'filter' | 'value' = 'filter') => {
  try {
    checkSqlShape(sql, place, where);
  } catch (error) {
    if (error instanceof ConfitureError) return error.message;
    throw error;
  }
  throw new Error(`accepted: ${sql}`);
};

describe('checkSqlShape', () => {
  beforeAll(() => loadSqlParser());

  it.each([
    "created_at > now() - interval '90 days'",
    "lower(email) LIKE '%@example.com' AND id BETWEEN 1 AND 100",
    'user_id IN (SELECT id FROM users WHERE active) OR NOT EXISTS (SELECT 1 FROM bans b WHERE b.id = t.id)',
    "coalesce(status, 'new') <> 'deleted' AND t.id % 10 = 0",
  ])('accepts the filter %s and names what it calls', (sql) => {
    expect(() => checkSqlShape(sql, 'filter', where)).not.toThrow();
  });

  it('returns the functions and operators an expression names', () => {
    expect(
      checkSqlShape("pg_catalog.lower(email) ~~ 'a%' AND length(name) > 3", 'filter', where),
    ).toEqual({ functions: ['length', 'pg_catalog.lower'], operators: ['>', '~~'] });
  });

  it('refuses a filter that escapes into a UNION of another table (the injection of issue 14.13)', () => {
    expect(
      refusal('true) UNION ALL SELECT 1, full_name, date_of_birth FROM users WHERE (true'),
    ).toBe('escapes its expression into a UNION/INTERSECT/EXCEPT of another query');
  });

  it.each([
    ['id > 0); DROP TABLE users; SELECT (1', 'holds more than one expression'],
    ['id > 0 ORDER BY 1', 'not a valid SQL expression'],
    ['id > 0) ORDER BY (1', 'escapes its expression (it adds sortClause)'],
    ['id > 0) GROUP BY (1', 'escapes its expression (it adds groupClause)'],
    ['id > 0) LIMIT (1', 'escapes its expression (it adds limitCount)'],
    ['id > 0) FOR UPDATE --', 'escapes its expression (it adds lockingClause)'],
    [
      'id IN (WITH x AS (DELETE FROM users RETURNING id) SELECT id FROM x)',
      'holds a subquery with withClause',
    ],
    [
      'id IN (SELECT id FROM users UNION SELECT id FROM admins)',
      'holds a UNION/INTERSECT/EXCEPT subquery',
    ],
    ["EXISTS (SELECT 1 FROM pg_ls_dir('/'))", 'reads from a function or a sample in FROM'],
    ['id >', 'not a valid SQL expression'],
  ])('refuses %s', (sql, message) => {
    expect(refusal(sql)).toContain(message);
  });

  it('refuses a subquery in a value: it would pull other tables into the column', () => {
    expect(refusal('(SELECT email FROM users LIMIT 1)', 'value')).toBe(
      'holds a subquery: a value may use only its own row',
    );
    expect(checkSqlShape(`'****' || right("card", 4)`, 'value', where).functions).toEqual([
      'right',
    ]);
  });

  it('never quotes the SQL in its errors (a filter may hold values)', () => {
    expect(refusal("email = 'alice@example.com' ;; SELECT")).not.toContain('alice');
  });
});
