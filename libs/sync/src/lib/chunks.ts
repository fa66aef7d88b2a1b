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

/** Default number of rows per chunk of a large table. */
export const DEFAULT_CHUNK_ROWS = 250_000;

/**
 * Splits a table into key ranges of about `chunkRows` rows, from min/max of an integer key read
 * in the caller's snapshot. The first and last ranges are open, so rows outside the bounds seen
 * now (e.g. on resume, in a later snapshot) still belong to exactly one chunk.
 */
export async function planChunks(
  source: pg.ClientBase,
  table: QualifiedName,
  key: string | undefined,
  estimatedRows: number,
  chunkRows = DEFAULT_CHUNK_ROWS,
): Promise<ChunkRange[]> {
  if (!key || estimatedRows <= chunkRows) return [{ index: 0 }];
  const { rows } = await source.query<{ lo: string | null; hi: string | null }>(
    `SELECT min(${quoteIdent(key)})::text AS lo, max(${quoteIdent(key)})::text AS hi FROM ONLY ${quoteQualified(table)}`,
  );
  const lo = rows[0]?.lo;
  const hi = rows[0]?.hi;
  if (lo === null || hi === null || lo === undefined || hi === undefined) return [{ index: 0 }];
  const min = BigInt(lo);
  const max = BigInt(hi);
  const count = Math.min(Math.ceil(estimatedRows / chunkRows), 10_000);
  const span = max - min + 1n;
  if (count <= 1 || span <= BigInt(count)) return [{ index: 0 }];
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
