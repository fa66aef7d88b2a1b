import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Piscina } from 'piscina';
import type { CapturedToken } from '@confiture/domain';
import type { TableTransformSpec } from './table-transform';
import type { TransformTask } from './transform-worker';

/** A transformed batch as it comes back from a worker. */
export interface PooledBatch {
  data: Buffer;
  rows: number;
  tokens: CapturedToken[];
}

/** Options of {@link TransformPool}. */
export interface TransformPoolOptions {
  /** Worker threads (default: available cores, at least 1). */
  threads?: number;
}

/**
 * Worker threads that anonymize batches of COPY rows, so CPU-bound strategies run beside the
 * I/O of the main thread. Each worker compiles a table's strategies once and keeps them.
 */
export class TransformPool {
  private readonly pool: Piscina;

  constructor(options: TransformPoolOptions = {}) {
    const threads = Math.max(1, options.threads ?? availableParallelism());
    // From TypeScript sources (tests), workers load through SWC and resolve workspace packages to
    // their sources too; from the build they are plain JavaScript.
    const fromSource = extname(__filename) === '.ts';
    this.pool = new Piscina({
      filename: join(__dirname, `transform-worker${extname(__filename)}`),
      name: 'transform',
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 60_000,
      ...(fromSource
        ? { execArgv: ['--conditions=@confiture/source', '--require', '@swc-node/register'] }
        : {}),
    });
  }

  /** Number of worker threads. */
  get threads(): number {
    return this.pool.options.maxThreads;
  }

  /** Anonymizes a batch of whole COPY rows with the table's spec. */
  async run(spec: TableTransformSpec, rows: Buffer): Promise<PooledBatch> {
    // A Buffer is often a view of a larger ArrayBuffer (a socket read, a file), and a message
    // carries a view's whole ArrayBuffer: send a copy of just the batch, moved, not cloned.
    const own = new Uint8Array(rows);
    const task: TransformTask = { spec, rows: own };
    const result = (await this.pool.run(task, { transferList: [own.buffer] })) as {
      data: Uint8Array;
      rows: number;
      tokens: CapturedToken[];
    };
    return {
      data: Buffer.from(result.data.buffer, result.data.byteOffset, result.data.byteLength),
      rows: result.rows,
      tokens: result.tokens,
    };
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
