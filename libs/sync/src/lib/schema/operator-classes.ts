import { quoteIdent } from '@confiture/domain';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { commentNode } from './comments';
import { readOperatorMembers } from './operator-members';
import { objectKey, type ReadContext, type SchemaNode, type SchemaPart } from './schema-node';
import { label, qualified } from './sql-text';

/**
 * Operator classes (`CREATE OPERATOR CLASS ... FOR TYPE ... USING ... AS OPERATOR ..., FUNCTION
 * ...`), with their family when it is not the one the class creates for itself.
 */
export async function readOperatorClasses({ client }: ReadContext): Promise<SchemaPart> {
  const { rows } = await client.query<{
    oid: number;
    schema_oid: number;
    schema: string;
    name: string;
    am: string;
    is_default: boolean;
    for_type: string;
    storage: string | null;
    family: string[];
    comment: string | null;
  }>(
    `SELECT c.oid::int AS oid, n.oid::int AS schema_oid, n.nspname AS schema, c.opcname AS name,
            am.amname AS am, c.opcdefault AS is_default,
            format_type(c.opcintype, NULL) AS for_type,
            CASE WHEN c.opckeytype <> 0 THEN format_type(c.opckeytype, NULL) END AS storage,
            ARRAY[fn.nspname::text, f.opfname::text] AS family,
            obj_description(c.oid, 'pg_opclass') AS comment
       FROM pg_opclass c
       JOIN pg_namespace n ON n.oid = c.opcnamespace
       JOIN pg_am am ON am.oid = c.opcmethod
       JOIN pg_opfamily f ON f.oid = c.opcfamily
       JOIN pg_namespace fn ON fn.oid = f.opfnamespace
      WHERE ${userSchemaCondition('n')} AND ${notExtensionMemberCondition('pg_opclass', 'c.oid')}`,
  );
  const bound = await readOperatorMembers(client, 'pg_opclass');
  const nodes: SchemaNode[] = [];
  const represents: Array<[string, string]> = [];
  for (const row of rows) {
    const key = objectKey('pg_opclass', row.oid);
    const name = `${qualified(row.schema, row.name)} USING ${quoteIdent(row.am)}`;
    const object = `${label(row.schema, row.name)} USING ${row.am}`;
    const [familySchema, familyName] = row.family as [string, string];
    const ownFamily = familySchema === row.schema && familyName === row.name;
    const members = bound.get(row.oid) ?? [];
    for (const member of members) represents.push([member.key, key]);
    const items = [
      ...(row.storage ? [`STORAGE ${row.storage}`] : []),
      ...members.map((m) => m.sql),
    ];
    nodes.push(
      {
        key,
        dependsOn: [objectKey('pg_namespace', row.schema_oid)],
        statement: {
          phase: 'pre-data',
          kind: 'operator-class',
          object,
          sql: `CREATE OPERATOR CLASS ${qualified(row.schema, row.name)}${
            row.is_default ? ' DEFAULT' : ''
          } FOR TYPE ${row.for_type} USING ${quoteIdent(row.am)}${
            ownFamily ? '' : ` FAMILY ${qualified(familySchema, familyName)}`
          } AS\n  ${items.join(',\n  ')}`,
        },
      },
      ...commentNode(
        { key, sqlName: `OPERATOR CLASS ${name}`, label: object, phase: 'pre-data' },
        row.comment,
      ),
    );
  }
  return { nodes, represents };
}
