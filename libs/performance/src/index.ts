export { COPY_NULL, CopyRowSplitter, decodeCopyField, encodeCopyField } from './lib/copy-text';
export {
  COPY_BINARY_HEADER,
  COPY_BINARY_TRAILER,
  CopyBinarySplitter,
  countBinaryTuples,
} from './lib/copy-binary';
export {
  countCopyRows,
  transformCopyBuffer,
  type TransformedRows,
  type ValueTransform,
} from './lib/row-transform';
export { memoize, type MemoizeOptions } from './lib/value-cache';
export {
  compileTableTransform,
  type CompiledTableTransform,
  type TableTransformSpec,
  type TransformedBatch,
} from './lib/table-transform';
export { TransformPool, type PooledBatch, type TransformPoolOptions } from './lib/transform-pool';
