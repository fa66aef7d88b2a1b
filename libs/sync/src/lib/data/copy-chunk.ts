import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { quoteIdent, quoteQualified, type QualifiedName } from '@confiture/domain';
import {
  COPY_BINARY_HEADER,
  COPY_BINARY_TRAILER,
  countBinaryTuples,
  countCopyRows,
  CopyBinarySplitter,
  CopyRowSplitter,
} from '@confiture/performance';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyColumnlessChunk } from './copy-columnless';
import { CopyStreamError } from './copy-failure';
import { CopyOutStream } from './copy-out';
import { stopCopyOut } from '../connection';

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
  /** Bytes per batch handed to the transform (default {@link DEFAULT_BATCH_BYTES}). */
  batchBytes?: number;
  /** Batches being transformed at once (default 4); bounds memory. */
  inFlight?: number;
  /** Called after each batch is written, with the rows it held. */
  onRows?: (rows: number) => void;
  /**
   * Load the rows frozen (`COPY ... WITH (FREEZE)`). PostgreSQL accepts it only when the table was
   * created or truncated in the current transaction, with no other query's snapshot still open.
   */
  freeze?: boolean;
  /**
   * COPY format on both sides (default text). Binary needs the same major version on both servers
   * and no transform: the rows pass through as they are (see `copyFormat`).
   */
  format?: 'text' | 'binary';
}

/**
 * Bytes of COPY rows transformed at a time: 32 KiB, about 350 rows of the benchmark table. Measured
 * on 1M rows (two cores): the data phase took 3.3–3.5 s with 32 KiB, 4.1–4.2 s with 64 KiB and
 * 5.9–6.0 s with 1 MiB, and peak RSS fell from about 270 MB to about 155 MB: a batch, its string
 * and its output then stay in the CPU cache and in V8's young generation.
 */
export const DEFAULT_BATCH_BYTES = 32 * 1024;

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
  if (job.columns.length === 0) return copyColumnlessChunk(source, target, job);
  const batchBytes = job.batchBytes ?? DEFAULT_BATCH_BYTES;
  const inFlight = Math.max(1, job.inFlight ?? 4);
  const columnList = job.columns.map(quoteIdent).join(', ');
  const binary = job.format === 'binary';
  if (binary && job.transform) throw new Error('copyChunk: binary rows cannot be transformed');
  const into = [...(binary ? ['FORMAT binary'] : []), ...(job.freeze ? ['FREEZE'] : [])];
  const sink = target.query(
    copyFrom(
      `COPY ${quoteQualified(job.target)} (${columnList}) FROM STDIN${into.length > 0 ? ` WITH (${into.join(', ')})` : ''}`,
    ),
  );
  // The target may fail at any time (a rejected row, a lost session), also while the source is
  // being read: the error is kept here (never left to crash the process as an unhandled 'error'
  // event) and thrown at the next step.
  let sinkError: CopyStreamError | undefined;
  sink.on('error', (error: Error) => {
    sinkError ??= new CopyStreamError('target', error);
  });
  const sinkFailed = () => {
    if (sinkError) throw sinkError;
  };
  const input = source.query(
    new CopyOutStream(`COPY (${job.select}) TO STDOUT${binary ? ' WITH (FORMAT binary)' : ''}`),
  );
  // Binary tuples are cut apart by their field lengths; the header and trailer are written here.
  const splitter = binary ? new CopyBinarySplitter() : new CopyRowSplitter();
  const countRows = binary ? countBinaryTuples : countCopyRows;
  if (binary) sink.write(COPY_BINARY_HEADER);
  const pending: Promise<{ data: Buffer; rows: number }>[] = [];
  const result: ChunkCopyResult = { rows: 0, bytesRead: 0, bytesWritten: 0 };
  let batch: Buffer[] = [];
  let batchSize = 0;

  const write = async (data: Buffer, rows: number) => {
    result.rows += rows;
    result.bytesWritten += data.length;
    // A failed sink takes no more rows (pg-copy-streams would write them to a closed connection).
    sinkFailed();
    // once() rejects on 'error' and removes both its listeners when either event comes; racing a
    // second once(sink, 'error') left one listener behind per wait. An error that came before the
    // wait would never be followed by 'drain': checked first, with no await in between.
    if (!sink.write(data)) {
      sinkFailed();
      await once(sink, 'drain').catch((error: Error) => {
        throw sinkError ?? new CopyStreamError('target', error);
      });
    }
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
      await write(data, countRows(data));
    }
  };

  // Not destroyed on a failure: the source would be left in COPY mode (see stopCopyOut).
  const reading = input.iterator({ destroyOnReturn: false }) as AsyncIterator<Buffer>;
  try {
    for (let next = await readSource(reading); !next.done; next = await readSource(reading)) {
      sinkFailed();
      const chunk = next.value;
      result.bytesRead += chunk.length;
      const rows = splitter.push(chunk);
      if (!rows) continue;
      batch.push(rows);
      batchSize += rows.length;
      if (batchSize >= batchBytes) await submit();
    }
    const rest = splitter.flush();
    if (rest)
      throw new Error('the source COPY stream ended in the middle of a row or before its end');
    await submit();
    while (pending.length > 0) await drainOne();
    sinkFailed();
    if (binary) sink.write(COPY_BINARY_TRAILER);
    sink.end();
    await finished(sink).catch((error: Error) => {
      throw sinkError ?? new CopyStreamError('target', error);
    });
  } catch (error) {
    // The sink sends CopyFail (unless the target ended the COPY itself: its query is over, and
    // pg-copy-streams could neither send it nor finish); the source's COPY is cancelled. Both
    // connections are then usable for the caller's ROLLBACK. The CopyFail message, which reaches
    // the target's log, names no value.
    let sinkSettled: Promise<unknown> = Promise.resolve();
    if (!sinkError) {
      sink.destroy(new Error('confiture: the copy of this chunk failed'));
      sinkSettled = finished(sink).catch(() => undefined);
    }
    // Let go of the source stream (its 'readable' listener would keep stopCopyOut from reading the
    // rest), without destroying it.
    await reading.return?.();
    await stopCopyOut(source, input);
    await sinkSettled;
    throw error;
  }
  return result;
}

/** The next bytes of the source's COPY; its failure (ErrorResponse, a lost session) is the source's. */
async function readSource(rows: AsyncIterator<Buffer>): Promise<IteratorResult<Buffer>> {
  try {
    return await rows.next();
  } catch (error) {
    throw new CopyStreamError('source', error);
  }
}
