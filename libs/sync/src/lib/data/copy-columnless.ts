import { quoteQualified } from '@confiture/domain';
import type pg from 'pg';
import type { ChunkCopy, ChunkCopyResult } from './copy-chunk';

/**
 * Copies a chunk of a table with no columns (`CREATE TABLE t ()`, which PostgreSQL allows and
 * PostgREST's fixtures use): COPY takes no empty column list, and such rows carry nothing but
 * their number. So the chunk's rows are counted on the source, in the caller's snapshot, and as
 * many empty rows are inserted into the target, in the caller's transaction.
 */
export async function copyColumnlessChunk(
  source: pg.ClientBase,
  target: pg.ClientBase,
  job: Pick<ChunkCopy, 'select' | 'target' | 'onRows'>,
): Promise<ChunkCopyResult> {
  const { rows } = await source.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM (${job.select}) AS chunk`,
  );
  const count = Number(rows[0]?.n ?? 0);
  if (count > 0) {
    await target.query(
      `INSERT INTO ${quoteQualified(job.target)} SELECT FROM generate_series(1, $1::bigint)`,
      [count],
    );
    job.onRows?.(count);
  }
  return { rows: count, bytesRead: 0, bytesWritten: 0 };
}
