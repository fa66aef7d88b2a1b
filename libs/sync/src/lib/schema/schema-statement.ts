import type { QualifiedName } from '@confiture/domain';

/**
 * When a statement runs, as in pg_dump: `pre-data` creates what the data needs (before COPY),
 * `post-data` adds what is cheaper or only possible after loading (keys, indexes, triggers, ...).
 */
export type SchemaPhase = 'pre-data' | 'post-data';

/** What a {@link SchemaStatement} creates or changes. */
export type SchemaObjectKind =
  | 'schema'
  | 'extension'
  | 'language'
  | 'collation'
  | 'type'
  | 'function'
  | 'aggregate'
  | 'operator'
  | 'access-method'
  | 'operator-family'
  | 'operator-class'
  | 'conversion'
  | 'cast'
  | 'transform'
  | 'text-search'
  | 'foreign-data-wrapper'
  | 'foreign-server'
  | 'sequence'
  | 'table'
  | 'partition'
  | 'foreign-table'
  | 'column-default'
  | 'column-setting'
  | 'table-setting'
  | 'sequence-owned-by'
  | 'view'
  | 'materialized-view'
  | 'comment'
  | 'primary-key'
  | 'unique'
  | 'exclusion'
  | 'index'
  | 'index-attach'
  | 'check'
  | 'foreign-key'
  | 'trigger'
  | 'trigger-state'
  | 'rule'
  | 'rule-state'
  | 'policy'
  | 'row-security'
  | 'statistics'
  | 'refresh-materialized-view';

/** One DDL statement of a schema copy. */
export interface SchemaStatement {
  phase: SchemaPhase;
  kind: SchemaObjectKind;
  /** Human label of the object, e.g. `app."Accounts"` or `accounts_pkey on app."Accounts"`. */
  object: string;
  /** The table (or view) the statement belongs to, when there is one. */
  table?: QualifiedName;
  /** One SQL statement, without a trailing semicolon; every identifier quoted. */
  sql: string;
}
