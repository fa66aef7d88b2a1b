import { strictObject } from '@confiture/domain';
import { z } from 'zod';

const text = z.string().trim().min(1);

/** What erasure does to a table's rows of the subject. */
export const ERASURE_ACTIONS = ['delete', 'anonymize'] as const;

/** An erasure action: `delete` removes the rows, `anonymize` rewrites their PII in place. */
export type ErasureAction = (typeof ERASURE_ACTIONS)[number];

/** Rows of a table no foreign key links to the root, matched on a column of the root row. */
const alsoMatchSchema = strictObject({
  /** `schema.table` holding the rows. */
  table: text,
  /** The column of that table compared with the root's column. */
  column: text,
  /** The root table's column whose value it must equal. */
  matches: text,
});

/**
 * The `subjects:` section of compliance.yaml: which table's row is one data subject, how a request
 * may name one, the rows no foreign key reaches, and the erasure policy per table.
 */
export const subjectsConfigSchema = strictObject({
  /** `schema.table`: one row of this table is one data subject. */
  root: text,
  /** Columns of the root a request may name (`--subject <root>.<column>=<value>`). */
  identifiers: z.array(text).min(1),
  /** Tables linked to the subject by value, not by a foreign key. */
  also_match: z.array(alsoMatchSchema).optional(),
  /** What `dsr erase` does, per table. */
  erasure: strictObject({
    default: z.enum(ERASURE_ACTIONS).default('delete'),
    tables: z.record(text, strictObject({ action: z.enum(ERASURE_ACTIONS) })).optional(),
  }).optional(),
});

/** A validated `subjects:` section. */
export type SubjectsConfig = z.infer<typeof subjectsConfigSchema>;
