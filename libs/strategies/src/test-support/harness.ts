import { ConfitureError } from '@confiture/domain';
import { describeColumn, type ColumnInfo } from '../lib/column';
import { createStrategy } from '../lib/create-strategy';
import { createKeyMaterial } from '../lib/key-material';
import type { TokenSink, Transform } from '../lib/strategy-definition';

/** The seed the unit tests run under. */
export const TEST_SEED = 'unit-test-seed-0123456789';

/** A transform of `type` on a column of `columnType`, seeded with `seed` (TEST_SEED by default). */
export function transformOf(
  type: string,
  options: Record<string, unknown> = {},
  opts: {
    columnType?: string;
    column?: ColumnInfo;
    seed?: string | null;
    sink?: TokenSink;
    name?: string;
  } = {},
): Transform {
  const column = opts.column ?? describeColumn(opts.name ?? 'c', opts.columnType ?? 'text');
  const seed = opts.seed === undefined ? TEST_SEED : opts.seed;
  return createStrategy(type, options, {
    column,
    ...(seed !== null ? { keys: createKeyMaterial(seed) } : {}),
    tokenSink: opts.sink ?? { record: () => undefined },
  });
}

/** The ConfitureError `fn` throws (fails the test when it throws nothing or something else). */
export function errorOf(fn: () => unknown): ConfitureError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfitureError) return error;
    throw error;
  }
  throw new Error('expected a ConfitureError');
}
