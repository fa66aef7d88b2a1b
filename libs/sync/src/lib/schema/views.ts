import { quoteIdent } from '@confiture/domain';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { commentNode } from './comments';
import { groupBy } from './group-by';
import { objectKey, type ReadContext, type SchemaNode, type SchemaPart } from './schema-node';
import { label, labelPart, qualified, storageParameters } from './sql-text';

/**
 * Views and materialized views, ordered by what they read (pg_depend on their rewrite rule).
 * A materialized view is created WITH NO DATA and refreshed in post-data, after the (anonymized)
 * data is in, when the source's is populated.
 */
export async function readViews({ client }: ReadContext): Promise<SchemaPart> {
  const views = await client.query<{
    oid: number;
    schema_oid: number;
    schema: string;
    name: string;
    materialized: boolean;
    definition: string;
    options: string[];
    populated: boolean;
    row_type: number;
    rule_oid: number | null;
    comment: string | null;
  }>(
    `SELECT c.oid::int AS oid, n.oid::int AS schema_oid, n.nspname AS schema, c.relname AS name,
            c.relkind = 'm' AS materialized, pg_get_viewdef(c.oid) AS definition,
            COALESCE(c.reloptions, '{}') AS options, c.relispopulated AS populated,
            c.reltype::int AS row_type,
            (SELECT r.oid::int FROM pg_rewrite r
              WHERE r.ev_class = c.oid AND r.rulename = '_RETURN') AS rule_oid,
            obj_description(c.oid, 'pg_class') AS comment
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('v', 'm') AND ${userSchemaCondition('n')}
        AND ${notExtensionMemberCondition('pg_class', 'c.oid')}`,
  );
  const columnComments = await client.query<{ relid: number; name: string; comment: string }>(
    `SELECT a.attrelid::int AS relid, a.attname AS name, d.description AS comment
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('v', 'm')
       JOIN pg_namespace n ON n.oid = c.relnamespace AND ${userSchemaCondition('n')}
       JOIN pg_description d
         ON d.classoid = 'pg_class'::regclass AND d.objoid = a.attrelid AND d.objsubid = a.attnum
      ORDER BY a.attrelid, a.attnum`,
  );
  const commentsOf = groupBy(columnComments.rows, (row) => row.relid);

  const nodes: SchemaNode[] = [];
  const represents: Array<[string, string]> = [];
  for (const row of views.rows) {
    const key = objectKey('pg_class', row.oid);
    const name = qualified(row.schema, row.name);
    const object = label(row.schema, row.name);
    const table = { schema: row.schema, name: row.name };
    const phase = 'pre-data' as const;
    represents.push([objectKey('pg_type', row.row_type), key]);
    if (row.rule_oid) represents.push([objectKey('pg_rewrite', row.rule_oid), key]);

    const query = row.definition.trim().replace(/;$/, '');
    const checkOption = row.options.find((o) => o.startsWith('check_option='));
    const options = row.options.filter((o) => o !== checkOption);
    const withOptions = options.length > 0 ? ` WITH (${storageParameters(options)})` : '';
    const sql = row.materialized
      ? `CREATE MATERIALIZED VIEW ${name}${withOptions} AS\n${query}\nWITH NO DATA`
      : `CREATE VIEW ${name}${withOptions} AS\n${query}${
          checkOption
            ? `\nWITH ${checkOption.slice('check_option='.length).toUpperCase()} CHECK OPTION`
            : ''
        }`;
    const kind = row.materialized ? 'materialized-view' : 'view';
    nodes.push(
      {
        key,
        dependsOn: [objectKey('pg_namespace', row.schema_oid)],
        statement: { phase, kind, object, table, sql },
      },
      ...commentNode(
        {
          key,
          sqlName: `${row.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${name}`,
          label: object,
          phase,
          table,
        },
        row.comment,
      ),
      ...(commentsOf.get(row.oid) ?? []).flatMap((column) =>
        commentNode(
          {
            key,
            sqlName: `COLUMN ${name}.${quoteIdent(column.name)}`,
            label: `${object}.${labelPart(column.name)}`,
            phase,
            table,
          },
          column.comment,
          `column:${column.name}`,
        ),
      ),
    );
    if (row.materialized && row.populated) {
      nodes.push({
        key: `refresh:${key}`,
        dependsOn: [key],
        inCreationOrderOf: key,
        statement: {
          phase: 'post-data',
          kind: 'refresh-materialized-view',
          object,
          table,
          sql: `REFRESH MATERIALIZED VIEW ${name}`,
        },
      });
    }
  }
  return { nodes, represents };
}
