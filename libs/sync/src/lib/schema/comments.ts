import { quoteLiteral } from '@confiture/domain';
import type { QualifiedName } from '@confiture/domain';
import type { SchemaNode } from './schema-node';
import type { SchemaPhase } from './schema-statement';

/** The object a comment is attached to. */
export interface CommentTarget {
  /** Key of the node that creates the object. */
  key: string;
  /** The object as COMMENT ON names it, e.g. `TABLE "app"."Accounts"`, `COLUMN "app"."t"."c"`. */
  sqlName: string;
  label: string;
  phase: SchemaPhase;
  table?: QualifiedName;
}

/**
 * `COMMENT ON <object> IS '...'`, run right after the object exists; `null`/empty gives no node.
 * `part` tells comments of one object's parts apart (a column number, a constraint name).
 */
export function commentNode(
  target: CommentTarget,
  comment: string | null | undefined,
  part = '',
): SchemaNode[] {
  if (comment === null || comment === undefined || comment === '') return [];
  return [
    {
      key: `comment:${target.key}${part ? `:${part}` : ''}`,
      dependsOn: [target.key],
      statement: {
        phase: target.phase,
        kind: 'comment',
        object: target.label,
        ...(target.table ? { table: target.table } : {}),
        sql: `COMMENT ON ${target.sqlName} IS ${quoteLiteral(comment)}`,
      },
    },
  ];
}

/**
 * The node creating an object, then the `COMMENT ON <sqlName>` of it when it has one (labelled and
 * phased like the object).
 */
export function withComment(
  node: SchemaNode,
  sqlName: string,
  comment: string | null | undefined,
): SchemaNode[] {
  const { object, phase, table } = node.statement;
  return [
    node,
    ...commentNode(
      { key: node.key, sqlName, label: object, phase, ...(table ? { table } : {}) },
      comment,
    ),
  ];
}
