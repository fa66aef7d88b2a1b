import type pg from 'pg';

/**
 * Runs `work` inside a savepoint of the client's open transaction (a snapshot, a READ ONLY
 * audit): released when it succeeds; when it throws, rolled back, so that the transaction stays
 * usable, and the error rethrown. Pre-flight's checks and detection ask the source questions that
 * may fail this way without ending the sync's snapshot.
 */
export async function inSavepoint<T>(
  client: pg.ClientBase,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  await client.query(`SAVEPOINT ${name}`);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
    await client.query(`RELEASE SAVEPOINT ${name}`);
    throw error;
  }
  await client.query(`RELEASE SAVEPOINT ${name}`);
  return result;
}
