import { quoteIdent } from '@confiture/domain';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { commentNode } from './comments';
import { objectKey, type ReadContext, type SchemaNode, type SchemaPart } from './schema-node';
import { label, labelPart, qualified } from './sql-text';

const COMMAND: Record<string, string> = {
  '*': 'ALL',
  r: 'SELECT',
  a: 'INSERT',
  w: 'UPDATE',
  d: 'DELETE',
};

/**
 * Row-level security: `ENABLE` / `FORCE ROW LEVEL SECURITY` and the policies, in post-data so that
 * loading is never filtered by them. A policy keeps its roles: they must exist on the target.
 */
export async function readRowSecurity({ client }: ReadContext): Promise<SchemaPart> {
  const tables = await client.query<{
    oid: number;
    schema: string;
    name: string;
    enabled: boolean;
    forced: boolean;
  }>(
    `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name,
            c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND (c.relrowsecurity OR c.relforcerowsecurity)
        AND ${userSchemaCondition('n')} AND ${notExtensionMemberCondition('pg_class', 'c.oid')}`,
  );
  const policies = await client.query<{
    oid: number;
    name: string;
    relid: number;
    schema: string;
    table_name: string;
    command: string;
    permissive: boolean;
    roles: (string | null)[] | null;
    using_expr: string | null;
    check_expr: string | null;
    comment: string | null;
  }>(
    `SELECT p.oid::int AS oid, p.polname AS name, c.oid::int AS relid, n.nspname AS schema,
            c.relname AS table_name, p.polcmd::text AS command, p.polpermissive AS permissive,
            -- NULL stands for PUBLIC (role 0)
            ARRAY(SELECT r.rolname::text FROM unnest(p.polroles) AS role_oid
                    LEFT JOIN pg_roles r ON r.oid = role_oid
                   ORDER BY r.rolname NULLS FIRST) AS roles,
            pg_get_expr(p.polqual, p.polrelid) AS using_expr,
            pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr,
            obj_description(p.oid, 'pg_policy') AS comment
       FROM pg_policy p
       JOIN pg_class c ON c.oid = p.polrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${userSchemaCondition('n')} AND ${notExtensionMemberCondition('pg_class', 'c.oid')}`,
  );
  const nodes: SchemaNode[] = [];
  for (const row of tables.rows) {
    const table = { schema: row.schema, name: row.name };
    const actions = [
      ...(row.enabled ? ['ENABLE ROW LEVEL SECURITY'] : []),
      ...(row.forced ? ['FORCE ROW LEVEL SECURITY'] : []),
    ];
    nodes.push({
      key: `row-security:${row.oid}`,
      dependsOn: [objectKey('pg_class', row.oid)],
      statement: {
        phase: 'post-data',
        kind: 'row-security',
        object: label(row.schema, row.name),
        table,
        sql: `ALTER TABLE ${qualified(row.schema, row.name)} ${actions.join(', ')}`,
      },
    });
  }
  for (const row of policies.rows) {
    const key = objectKey('pg_policy', row.oid);
    const table = { schema: row.schema, name: row.table_name };
    const tableName = qualified(row.schema, row.table_name);
    const object = `${labelPart(row.name)} on ${label(row.schema, row.table_name)}`;
    const roles = (row.roles ?? []).map((role) => (role === null ? 'PUBLIC' : quoteIdent(role)));
    let sql = `CREATE POLICY ${quoteIdent(row.name)} ON ${tableName} AS ${
      row.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'
    } FOR ${COMMAND[row.command] ?? 'ALL'} TO ${roles.join(', ') || 'PUBLIC'}`;
    if (row.using_expr !== null) sql += ` USING (${row.using_expr})`;
    if (row.check_expr !== null) sql += ` WITH CHECK (${row.check_expr})`;
    nodes.push(
      {
        key,
        dependsOn: [objectKey('pg_class', row.relid)],
        statement: { phase: 'post-data', kind: 'policy', object, table, sql },
      },
      ...commentNode(
        {
          key,
          sqlName: `POLICY ${quoteIdent(row.name)} ON ${tableName}`,
          label: object,
          phase: 'post-data',
          table,
        },
        row.comment,
      ),
    );
  }
  return { nodes, represents: [] };
}
