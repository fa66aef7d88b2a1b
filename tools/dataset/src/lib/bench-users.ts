import type { ClientBase } from 'pg';

/** The table `npm run bench:sync` copies. */
export const BENCH_USERS_TABLE = 'users';

/**
 * Creates `users (id, email UNIQUE, full_name, phone, ssn, created_at)` with `rows` rows, generated
 * by the server, for the sync benchmark.
 */
export async function createBenchUsers(client: ClientBase, rows: number): Promise<void> {
  const n = Math.floor(rows);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`rows must be a positive integer, got ${rows}`);
  await client.query(`
    SET synchronous_commit = off;
    CREATE TABLE users (
      id bigint PRIMARY KEY,
      email text NOT NULL UNIQUE,
      full_name text NOT NULL,
      phone text,
      ssn text,
      created_at timestamptz NOT NULL
    );
    INSERT INTO users
    SELECT g,
           'user' || g || '@' || (ARRAY['gmail.com', 'yahoo.com', 'example.org'])[1 + g % 3],
           (ARRAY['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda'])[1 + g % 8] || ' ' ||
           (ARRAY['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis'])[1 + (g / 8) % 8],
           '+1-' || (200 + g % 700) || '-555-' || lpad((g % 10000)::text, 4, '0'),
           lpad((1 + g % 665)::text, 3, '0') || '-' || lpad((1 + g % 99)::text, 2, '0') || '-' || lpad((1 + g % 9999)::text, 4, '0'),
           timestamptz '2020-01-01' + g * interval '1 minute'
      FROM generate_series(1::bigint, ${n}) g;
    ANALYZE users;`);
}
