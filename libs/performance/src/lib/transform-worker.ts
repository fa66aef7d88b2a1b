import { useHmacBackend } from '@confiture/strategies';
import {
  compileTableTransform,
  type CompiledTableTransform,
  type TableTransformSpec,
} from './table-transform';

/** A batch sent to a worker thread. */
export interface TransformTask {
  spec: TableTransformSpec;
  rows: Uint8Array;
}

const compiled = new Map<string, CompiledTableTransform>();

/** Worker-thread entry point: anonymizes one batch of COPY rows. */
export function transform(task: TransformTask) {
  let run = compiled.get(task.spec.id);
  if (!run) {
    // The main thread chose the backend (pre-flight); this thread hashes with the same one.
    if (task.spec.hmacBackend) useHmacBackend(task.spec.hmacBackend);
    run = compileTableTransform(task.spec);
    compiled.set(task.spec.id, run);
  }
  const rows = Buffer.from(task.rows.buffer, task.rows.byteOffset, task.rows.byteLength);
  return run(rows);
}
