import { quoteIdent } from '@confiture/domain';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { commentNode } from './comments';
import { readOperatorMembers } from './operator-members';
import { objectKey, type ReadContext, type SchemaNode, type SchemaPart } from './schema-node';
import { label, qualified } from './sql-text';

/**
 * Operator families (`CREATE OPERATOR FAMILY`) and their loose members (`ALTER OPERATOR FAMILY
 * ... ADD`, once the operators and functions exist). A family that holds only the operator class
 * of the same name is created by that class (operator-classes.ts), as pg_dump leaves it.
 */
export async function readOperatorFamilies({ client }: ReadContext): Promise<SchemaPart> {
  const { rows } = await client.query<{
    oid: number;
    schema_oid: number;
    schema: string;
    name: string;
    am: string;
    implicit_class: number | null;
    comment: string | null;
  }>(
    `SELECT f.oid::int AS oid, n.oid::int AS schema_oid, n.nspname AS schema, f.opfname AS name,
            am.amname AS am,
            (SELECT c.oid::int FROM pg_opclass c
              WHERE c.opcfamily = f.oid AND c.opcname = f.opfname
                AND c.opcnamespace = f.opfnamespace
                AND NOT EXISTS (SELECT 1 FROM pg_opclass o
                                 WHERE o.opcfamily = f.oid AND o.oid <> c.oid)
                AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                 WHERE d.refclassid = 'pg_opfamily'::regclass AND d.refobjid = f.oid
                                   AND d.classid IN ('pg_amop'::regclass, 'pg_amproc'::regclass)))
              AS implicit_class,
            obj_description(f.oid, 'pg_opfamily') AS comment
       FROM pg_opfamily f
       JOIN pg_namespace n ON n.oid = f.opfnamespace
       JOIN pg_am am ON am.oid = f.opfmethod
      WHERE ${userSchemaCondition('n')} AND ${notExtensionMemberCondition('pg_opfamily', 'f.oid')}`,
  );
  const loose = await readOperatorMembers(client, 'pg_opfamily');
  const nodes: SchemaNode[] = [];
  const represents: Array<[string, string]> = [];
  for (const row of rows) {
    const key = objectKey('pg_opfamily', row.oid);
    if (row.implicit_class !== null) {
      represents.push([key, objectKey('pg_opclass', row.implicit_class)]);
      continue;
    }
    const name = `${qualified(row.schema, row.name)} USING ${quoteIdent(row.am)}`;
    const object = `${label(row.schema, row.name)} USING ${row.am}`;
    nodes.push(
      {
        key,
        dependsOn: [objectKey('pg_namespace', row.schema_oid)],
        statement: {
          phase: 'pre-data',
          kind: 'operator-family',
          object,
          sql: `CREATE OPERATOR FAMILY ${name}`,
        },
      },
      ...commentNode(
        { key, sqlName: `OPERATOR FAMILY ${name}`, label: object, phase: 'pre-data' },
        row.comment,
      ),
    );
    const members = loose.get(row.oid) ?? [];
    if (members.length > 0) {
      const membersKey = `members:${key}`;
      nodes.push({
        key: membersKey,
        dependsOn: [key],
        statement: {
          phase: 'pre-data',
          kind: 'operator-family',
          object,
          sql: `ALTER OPERATOR FAMILY ${name} ADD\n  ${members.map((m) => m.sql).join(',\n  ')}`,
        },
      });
      for (const member of members) represents.push([member.key, membersKey]);
    }
  }
  return { nodes, represents };
}
