import { quoteIdent, quoteQualified, type QualifiedName } from '@confiture/domain';
import type pg from 'pg';

/** A key range of a table: `lower <= key < upper`; an open end has no bound. */
export interface ChunkRange {
  index: number;
  /** Inclusive lower bound (as text), absent for the first chunk. */
  lower?: string;
  /** Exclusive upper bound (as text), absent for the last chunk. */
  upper?: string;
}

/**
 * Default number of rows per chunk of a large table: 1,000,000. Each chunk costs a pipeline fill
 * and drain (the source's first row of a key-range scan came after 20–45 ms, the target's backlog
 * took up to 116 ms to drain) and its own COPY and checkpoint. Measured on 1M rows of the
 * benchmark table, two cores: 4 chunks of 250,000 took 1.8 s in the data phase whether copied one
 * after the other or two at a time; one chunk took 1.3 s. A chunk of 1M rows is still a few seconds
 * of work to redo after a crash.
 */
export const DEFAULT_CHUNK_ROWS = 1_000_000;

/**
 * Splits a table into key ranges of about `chunkRows` rows (the nearest whole number of chunks:
 * 1.4 × `chunkRows` stays one chunk, 1.5 × makes two), from min/max of an integer key read in the
 * caller's snapshot. The first and last ranges are open, so rows outside the bounds seen now (e.g.
 * on resume, in a later snapshot) still belong to exactly one chunk.
 */
export async function planChunks(
  source: pg.ClientBase,
  table: QualifiedName,
  key: string | undefined,
  estimatedRows: number,
  chunkRows = DEFAULT_CHUNK_ROWS,
): Promise<ChunkRange[]> {
  const count = Math.min(Math.round(estimatedRows / chunkRows), 10_000);
  if (!key || count <= 1) return [{ index: 0 }];
  const { rows } = await source.query<{ lo: string | null; hi: string | null }>(
    `SELECT min(${quoteIdent(key)})::text AS lo, max(${quoteIdent(key)})::text AS hi FROM ONLY ${quoteQualified(table)}`,
  );
  const lo = rows[0]?.lo;
  const hi = rows[0]?.hi;
  if (lo === null || hi === null || lo === undefined || hi === undefined) return [{ index: 0 }];
  const min = BigInt(lo);
  const max = BigInt(hi);
  const span = max - min + 1n;
  if (span <= BigInt(count)) return [{ index: 0 }];
  const step = span / BigInt(count);
  const chunks: ChunkRange[] = [];
  for (let i = 0; i < count; i++) {
    const lower = i === 0 ? undefined : (min + step * BigInt(i)).toString();
    const upper = i === count - 1 ? undefined : (min + step * BigInt(i + 1)).toString();
    chunks.push({
      index: i,
      ...(lower !== undefined ? { lower } : {}),
      ...(upper !== undefined ? { upper } : {}),
    });
  }
  return chunks;
}

/** SQL condition selecting a chunk's rows (`TRUE` for an unbounded chunk). */
export function chunkCondition(key: string | undefined, chunk: ChunkRange, alias?: string): string {
  if (!key) return 'TRUE';
  const column = alias ? `${alias}.${quoteIdent(key)}` : quoteIdent(key);
  const parts: string[] = [];
  // Bounds are integers we computed ourselves; BigInt() re-validates them before splicing.
  if (chunk.lower !== undefined) parts.push(`${column} >= ${BigInt(chunk.lower).toString()}`);
  if (chunk.upper !== undefined) parts.push(`${column} < ${BigInt(chunk.upper).toString()}`);
  return parts.length > 0 ? parts.join(' AND ') : 'TRUE';
}
