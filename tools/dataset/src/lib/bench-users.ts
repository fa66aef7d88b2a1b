import type { ClientBase } from 'pg';

/** The table `npm run bench:sync` copies. */
export const BENCH_USERS_TABLE = 'users';

/** Options of {@link createBenchUsers}. */
export interface BenchUsersOptions {
  /**
   * `id` (default): `user<id>@...`, so the addresses come in nearly the order a UNIQUE index sorts
   * them, which makes that index quick to build. `shuffled`: the same addresses, numbered by a
   * permutation of the ids, as in a real table where sign-up order says nothing of the address.
   */
  emails?: 'id' | 'shuffled';
}

/**
 * Creates `users (id, email UNIQUE, full_name, phone, ssn, created_at)` with `rows` rows, generated
 * by the server, for the sync benchmark.
 */
export async function createBenchUsers(
  client: ClientBase,
  rows: number,
  options: BenchUsersOptions = {},
): Promise<void> {
  const n = Math.floor(rows);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`rows must be a positive integer, got ${rows}`);
  // ((g - 1) * a) mod n is a permutation of 0..n-1 when a and n have no common factor.
  const multiplier = [7919, 7927, 7933].find((a) => n % a !== 0)!;
  const number = options.emails === 'shuffled' ? `(((g - 1) * ${multiplier}) % ${n} + 1)` : 'g';
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
           'user' || ${number} || '@' || (ARRAY['gmail.com', 'yahoo.com', 'example.org'])[1 + g % 3],
           (ARRAY['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda'])[1 + g % 8] || ' ' ||
           (ARRAY['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis'])[1 + (g / 8) % 8],
           '+1-' || (200 + g % 700) || '-555-' || lpad((g % 10000)::text, 4, '0'),
           lpad((1 + g % 665)::text, 3, '0') || '-' || lpad((1 + g % 99)::text, 2, '0') || '-' || lpad((1 + g % 9999)::text, 4, '0'),
           timestamptz '2020-01-01' + g * interval '1 minute'
      FROM generate_series(1::bigint, ${n}) g;
    ANALYZE users;`);
}
