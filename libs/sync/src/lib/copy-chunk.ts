import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { quoteIdent, quoteQualified, type QualifiedName } from '@confiture/domain';
import { countCopyRows, CopyRowSplitter } from '@confiture/performance';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/** Transforms a batch of whole COPY text rows; may run on another thread. */
export type BatchTransform = (rows: Buffer) => Promise<{ data: Buffer; rows: number }>;

/** What to copy: the SELECT that reads a chunk and the table/columns it goes into. */
export interface ChunkCopy {
  /** A SELECT producing the target's columns in order, text-compatible with them. */
  select: string;
  target: QualifiedName;
  columns: readonly string[];
  /** Absent when the table has nothing to anonymize: bytes pass straight through. */
  transform?: BatchTransform;
  /** Bytes per batch handed to the transform (default 1 MiB). */
  batchBytes?: number;
  /** Batches being transformed at once (default 4); bounds memory. */
  inFlight?: number;
  /** Called after each batch is written, with the rows it held. */
  onRows?: (rows: number) => void;
}

/** Figures of a copied chunk. */
export interface ChunkCopyResult {
  rows: number;
  bytesRead: number;
  bytesWritten: number;
}

/**
 * Streams one chunk: `COPY (select) TO STDOUT` on the source → batches of whole rows → transform →
 * `COPY table (columns) FROM STDIN` on the target. Back-pressure holds at every step, so memory
 * stays at about `batchBytes × inFlight` whatever the table size. The caller owns the transactions.
 */
export async function copyChunk(
  source: pg.ClientBase,
  target: pg.ClientBase,
  job: ChunkCopy,
): Promise<ChunkCopyResult> {
  const batchBytes = job.batchBytes ?? 1024 * 1024;
  const inFlight = Math.max(1, job.inFlight ?? 4);
  const columnList = job.columns.map(quoteIdent).join(', ');
  const sink = target.query(
    copyFrom(`COPY ${quoteQualified(job.target)} (${columnList}) FROM STDIN`),
  );
  const input = source.query(copyTo(`COPY (${job.select}) TO STDOUT`));
  const splitter = new CopyRowSplitter();
  const pending: Promise<{ data: Buffer; rows: number }>[] = [];
  const result: ChunkCopyResult = { rows: 0, bytesRead: 0, bytesWritten: 0 };
  let batch: Buffer[] = [];
  let batchSize = 0;

  const write = async (data: Buffer, rows: number) => {
    result.rows += rows;
    result.bytesWritten += data.length;
    if (!sink.write(data)) await Promise.race([once(sink, 'drain'), once(sink, 'error')]);
    job.onRows?.(rows);
  };
  const drainOne = async () => {
    const next = pending.shift();
    if (next) {
      const { data, rows } = await next;
      await write(data, rows);
    }
  };
  const submit = async () => {
    if (batchSize === 0) return;
    const data = batch.length === 1 ? batch[0]! : Buffer.concat(batch, batchSize);
    batch = [];
    batchSize = 0;
    if (job.transform) {
      pending.push(job.transform(data));
      // Keep a failed transform from surfacing as an unhandled rejection before its turn.
      pending[pending.length - 1]!.catch(() => undefined);
      if (pending.length >= inFlight) await drainOne();
    } else {
      await write(data, countCopyRows(data));
    }
  };

  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      result.bytesRead += chunk.length;
      const rows = splitter.push(chunk);
      if (!rows) continue;
      batch.push(rows);
      batchSize += rows.length;
      if (batchSize >= batchBytes) await submit();
    }
    const rest = splitter.flush();
    if (rest) throw new Error('the source COPY stream ended in the middle of a row');
    await submit();
    while (pending.length > 0) await drainOne();
    sink.end();
    await finished(sink);
  } catch (error) {
    input.destroy();
    sink.destroy(error as Error);
    // Let the sink's failure settle so the connection is usable for ROLLBACK.
    await finished(sink).catch(() => undefined);
    throw error;
  }
  return result;
}
