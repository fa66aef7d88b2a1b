import { quoteIdent } from '@confiture/domain';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { objectKey, type ReadContext, type SchemaNode, type SchemaPart } from './schema-node';
import { label, qualified } from './sql-text';

const IDENTITY: Record<string, string> = { f: 'FULL', n: 'NOTHING' };

/**
 * Table settings pg_dump writes as `ALTER TABLE`: the index a table is `CLUSTER`ed on and its
 * `REPLICA IDENTITY` (FULL or NOTHING after the table; USING INDEX once the index exists).
 */
export async function readTableSettings({ client }: ReadContext): Promise<SchemaPart> {
  const { rows } = await client.query<{
    relid: number;
    schema: string;
    name: string;
    identity: string;
    cluster_index: number | null;
    cluster_index_name: string | null;
    identity_index: number | null;
    identity_index_name: string | null;
  }>(
    `SELECT c.oid::int AS relid, n.nspname AS schema, c.relname AS name,
            c.relreplident::text AS identity,
            ci.indexrelid::int AS cluster_index, cic.relname AS cluster_index_name,
            ri.indexrelid::int AS identity_index, ric.relname AS identity_index_name
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_index ci ON ci.indrelid = c.oid AND ci.indisclustered
       LEFT JOIN pg_class cic ON cic.oid = ci.indexrelid
       LEFT JOIN pg_index ri ON ri.indrelid = c.oid AND ri.indisreplident AND c.relreplident = 'i'
       LEFT JOIN pg_class ric ON ric.oid = ri.indexrelid
      WHERE c.relkind IN ('r', 'p', 'm')
        AND (ci.indexrelid IS NOT NULL OR c.relreplident IN ('f', 'n', 'i'))
        AND ${userSchemaCondition('n')} AND ${notExtensionMemberCondition('pg_class', 'c.oid')}`,
  );
  const nodes: SchemaNode[] = [];
  for (const row of rows) {
    const key = objectKey('pg_class', row.relid);
    const tableName = qualified(row.schema, row.name);
    const table = { schema: row.schema, name: row.name };
    const object = label(row.schema, row.name);
    if (row.cluster_index && row.cluster_index_name) {
      nodes.push({
        key: `cluster:${key}`,
        dependsOn: [key, objectKey('pg_class', row.cluster_index)],
        statement: {
          phase: 'post-data',
          kind: 'table-setting',
          object,
          table,
          sql: `ALTER TABLE ${tableName} CLUSTER ON ${quoteIdent(row.cluster_index_name)}`,
        },
      });
    }
    const identity = IDENTITY[row.identity];
    if (identity || (row.identity_index && row.identity_index_name)) {
      nodes.push({
        key: `replica-identity:${key}`,
        dependsOn: [
          key,
          ...(row.identity_index ? [objectKey('pg_class', row.identity_index)] : []),
        ],
        statement: {
          phase: identity ? 'pre-data' : 'post-data',
          kind: 'table-setting',
          object,
          table,
          sql: `ALTER TABLE ONLY ${tableName} REPLICA IDENTITY ${
            identity ?? `USING INDEX ${quoteIdent(row.identity_index_name!)}`
          }`,
        },
      });
    }
  }
  return { nodes, represents: [] };
}
