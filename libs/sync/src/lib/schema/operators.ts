import { quoteIdent } from '@confiture/domain';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { withComment } from './comments';
import { objectKey, type ReadContext, type SchemaPart } from './schema-node';
import { label } from './sql-text';

/** SQL: `schema.op` of operator `oid` (an oid expression), as OPERATOR(...) and classes name it. */
export function operatorName(oid: string): string {
  return `(SELECT quote_ident(opn.nspname) || '.' || o2.oprname
             FROM pg_operator o2 JOIN pg_namespace opn ON opn.oid = o2.oprnamespace
            WHERE o2.oid = ${oid})`;
}

/**
 * Operators (`CREATE OPERATOR`): function, argument types, commutator and negator (a reference to
 * an operator not created yet makes a shell that its own statement fills in), selectivity
 * estimators, HASHES and MERGES.
 */
export async function readOperators({ client }: ReadContext): Promise<SchemaPart> {
  const { rows } = await client.query<{
    oid: number;
    schema_oid: number;
    schema: string;
    name: string;
    left_type: string | null;
    right_type: string | null;
    function: string;
    commutator: string | null;
    negator: string | null;
    restrict: string | null;
    join: string | null;
    hashes: boolean;
    merges: boolean;
    comment: string | null;
  }>(
    `SELECT o.oid::int AS oid, n.oid::int AS schema_oid, n.nspname AS schema, o.oprname AS name,
            CASE WHEN o.oprleft <> 0 THEN format_type(o.oprleft, NULL) END AS left_type,
            CASE WHEN o.oprright <> 0 THEN format_type(o.oprright, NULL) END AS right_type,
            o.oprcode::regproc::text AS function,
            CASE WHEN o.oprcom <> 0 THEN ${operatorName('o.oprcom')} END AS commutator,
            CASE WHEN o.oprnegate <> 0 THEN ${operatorName('o.oprnegate')} END AS negator,
            CASE WHEN o.oprrest <> 0 THEN o.oprrest::regproc::text END AS restrict,
            CASE WHEN o.oprjoin <> 0 THEN o.oprjoin::regproc::text END AS join,
            o.oprcanhash AS hashes, o.oprcanmerge AS merges,
            obj_description(o.oid, 'pg_operator') AS comment
       FROM pg_operator o
       JOIN pg_namespace n ON n.oid = o.oprnamespace
      WHERE o.oprcode <> 0 AND ${userSchemaCondition('n')}
        AND ${notExtensionMemberCondition('pg_operator', 'o.oid')}`,
  );
  return {
    nodes: rows.flatMap((row) => {
      const key = objectKey('pg_operator', row.oid);
      const name = `${quoteIdent(row.schema)}.${row.name}`;
      const signature = `(${row.left_type ?? 'NONE'}, ${row.right_type ?? 'NONE'})`;
      const object = `${label(row.schema, row.name)}${signature}`;
      const options = [`FUNCTION = ${row.function}`];
      if (row.left_type) options.push(`LEFTARG = ${row.left_type}`);
      if (row.right_type) options.push(`RIGHTARG = ${row.right_type}`);
      if (row.commutator) options.push(`COMMUTATOR = OPERATOR(${row.commutator})`);
      if (row.negator) options.push(`NEGATOR = OPERATOR(${row.negator})`);
      if (row.restrict) options.push(`RESTRICT = ${row.restrict}`);
      if (row.join) options.push(`JOIN = ${row.join}`);
      if (row.hashes) options.push('HASHES');
      if (row.merges) options.push('MERGES');
      return withComment(
        {
          key,
          dependsOn: [objectKey('pg_namespace', row.schema_oid)],
          statement: {
            phase: 'pre-data',
            kind: 'operator',
            object,
            sql: `CREATE OPERATOR ${name} (${options.join(', ')})`,
          },
        },
        `OPERATOR ${name} ${signature}`,
        row.comment,
      );
    }),
    represents: [],
  };
}
