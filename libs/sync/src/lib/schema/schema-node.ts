import type pg from 'pg';
import type { SchemaStatement } from './schema-statement';

/**
 * A statement while the schema is being read: a key naming the catalog object it creates
 * (`pg_class:16402`, or e.g. `comment:pg_class:16402:3` for secondary statements) and the keys of
 * what must exist before it runs.
 */
export interface SchemaNode {
  key: string;
  statement: SchemaStatement;
  /** Keys of prerequisite nodes; keys of objects that are not copied (system, extension) are ignored. */
  dependsOn: string[];
  /** For `refresh-materialized-view`: refresh in the creation order of this node (the view itself). */
  inCreationOrderOf?: string;
}

/** What every catalog reader of the schema copy gets. */
export interface ReadContext {
  client: pg.ClientBase;
  /** `server_version_num` of the source, e.g. 150020. */
  serverVersion: number;
}

/** What a catalog reader returns: its statements, and which catalog objects they stand for. */
export interface SchemaPart {
  nodes: SchemaNode[];
  /**
   * `[object key, node key]` pairs for catalog objects created as part of another node's
   * statement (a table's row type, column defaults and CHECK constraints, a view's rewrite rule,
   * an identity sequence, an array type), so that dependencies on them order that node.
   */
  represents: Array<[string, string]>;
  /**
   * `[dependent, referenced, instead]`: node `dependent` needs node `instead` where pg_depend says it
   * needs `referenced` (a base type's I/O functions need its shell type, not the type they define).
   */
  redirects?: Array<[string, string, string]>;
}

/** `catalog:oid`, the key of the node that creates that catalog object. */
export function objectKey(catalog: string, oid: number | string): string {
  return `${catalog}:${oid}`;
}

/** A catalog row of an object defined on a table (a trigger, a rule, ...) by its pg_get_*def(). */
export interface TableObjectRow {
  oid: number;
  name: string;
  /** The table's oid, schema and name. */
  relid: number;
  schema: string;
  table_name: string;
  definition: string;
  comment: string | null;
}
