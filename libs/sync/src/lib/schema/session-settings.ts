import type pg from 'pg';

/** Settings under which pg_get_*def() output can be replayed on any server (as pg_dump's). */
export const DEPARSE_SETTINGS: Readonly<Record<string, string>> = {
  search_path: '',
  DateStyle: 'ISO, MDY',
  IntervalStyle: 'postgres',
  extra_float_digits: '3',
};

/**
 * Runs `work` with session settings changed, then puts the previous values back (unless the
 * session's transaction failed: rolling it back restores them anyway).
 */
export async function withSessionSettings<T>(
  client: pg.ClientBase,
  settings: Readonly<Record<string, string>>,
  work: () => Promise<T>,
): Promise<T> {
  const names = Object.keys(settings);
  const previous = await client.query<{ name: string; value: string }>(
    `SELECT name, current_setting(name) AS value FROM unnest($1::text[]) AS name`,
    [names],
  );
  await client.query(
    `SELECT set_config(name, value, false) FROM unnest($1::text[], $2::text[]) AS s(name, value)`,
    [names, names.map((name) => settings[name]!)],
  );
  try {
    return await work();
  } finally {
    await client
      .query(
        `SELECT set_config(name, value, false) FROM unnest($1::text[], $2::text[]) AS s(name, value)`,
        [previous.rows.map((row) => row.name), previous.rows.map((row) => row.value)],
      )
      .catch(() => undefined);
  }
}
