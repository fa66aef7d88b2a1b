export { applySchema, type ApplySchemaOptions } from './apply-schema';
export { copySequenceValues } from './copy-sequence-values';
export { dropUserSchemas } from './drop-user-schemas';
export { readSchema } from './read-schema';
export { checkSkippedObjects, readSkippedObjects, type SkippedObject } from './skipped-objects';
export type { SchemaObjectKind, SchemaPhase, SchemaStatement } from './schema-statement';
