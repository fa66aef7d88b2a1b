import { quoteIdent } from '@confiture/domain';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { commentNode } from './comments';
import { groupBy } from './group-by';
import { objectKey, type ReadContext, type SchemaNode, type SchemaPart } from './schema-node';
import { label, labelPart, qualified, storageParameters } from './sql-text';

/**
 * Views and materialized views, ordered by what they read (pg_depend on their rewrite rule), and
 * views' column defaults. A materialized view is created WITH NO DATA and refreshed in post-data,
 * after the (anonymized) data is in, when the source's is populated; one the source keeps
 * unpopulated stays so.
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
    access_method: string | null;
    row_type: number;
    rule_oid: number | null;
    comment: string | null;
  }>(
    `SELECT c.oid::int AS oid, n.oid::int AS schema_oid, n.nspname AS schema, c.relname AS name,
            c.relkind = 'm' AS materialized, pg_get_viewdef(c.oid) AS definition,
            COALESCE(c.reloptions, '{}') AS options, c.relispopulated AS populated,
            (SELECT am.amname FROM pg_am am
              WHERE am.oid = c.relam AND am.amname <> 'heap') AS access_method,
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
  // Populated materialized views and the unpopulated ones they read, directly or through views.
  const reads = await client.query<{ reader: number; needs: number }>(
    `WITH RECURSIVE reads(reader, rel) AS (
       SELECT r.ev_class, d.refobjid
         FROM pg_rewrite r
         JOIN pg_class m ON m.oid = r.ev_class AND m.relkind = 'm' AND m.relispopulated
         JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                         AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class
       UNION
       SELECT reads.reader, d.refobjid
         FROM reads
         JOIN pg_class v ON v.oid = reads.rel AND v.relkind = 'v'
         JOIN pg_rewrite r ON r.ev_class = v.oid
         JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                         AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> v.oid)
     SELECT DISTINCT reads.reader::int AS reader, reads.rel::int AS needs
       FROM reads JOIN pg_class u ON u.oid = reads.rel AND u.relkind = 'm' AND NOT u.relispopulated`,
  );
  const needsPopulated = new Map(
    [...groupBy(reads.rows, (row) => row.reader)].map(([reader, rows]) => [
      reader,
      rows.map((row) => row.needs),
    ]),
  );
  // A view's column defaults apply to INSERTs through it (`ALTER VIEW ... SET DEFAULT`).
  const defaults = await client.query<{
    oid: number;
    relid: number;
    name: string;
    expression: string;
  }>(
    `SELECT ad.oid::int AS oid, ad.adrelid::int AS relid, a.attname AS name,
            pg_get_expr(ad.adbin, ad.adrelid) AS expression
       FROM pg_attrdef ad
       JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
       JOIN pg_class c ON c.oid = ad.adrelid AND c.relkind = 'v'
       JOIN pg_namespace n ON n.oid = c.relnamespace AND ${userSchemaCondition('n')}
      ORDER BY ad.adrelid, ad.adnum`,
  );
  const defaultsOf = groupBy(defaults.rows, (row) => row.relid);

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
      ? `CREATE MATERIALIZED VIEW ${name}${
          row.access_method ? ` USING ${quoteIdent(row.access_method)}` : ''
        }${withOptions} AS\n${query}\nWITH NO DATA`
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
    for (const column of defaultsOf.get(row.oid) ?? []) {
      const defaultKey = objectKey('pg_attrdef', column.oid);
      nodes.push({
        key: defaultKey,
        dependsOn: [key],
        statement: {
          phase,
          kind: 'column-default',
          object: `${object}.${labelPart(column.name)}`,
          table,
          sql: `ALTER VIEW ${name} ALTER COLUMN ${quoteIdent(column.name)} SET DEFAULT ${column.expression}`,
        },
      });
    }
    if (row.materialized && row.populated) {
      const needs = needsPopulated.get(row.oid) ?? [];
      nodes.push({
        key: `refresh:${key}`,
        dependsOn: [key, ...needs.map((oid) => `populate:${objectKey('pg_class', oid)}`)],
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
  nodes.push(...temporaryRefreshes(views.rows, needsPopulated));
  return { nodes, represents };
}

/**
 * A materialized view that the source keeps unpopulated but that a populated one reads (directly
 * or through views) is refreshed just before that one, and emptied again (`WITH NO DATA`) after:
 * the refresh would fail on it, and the copy must leave it as the source has it.
 */
function temporaryRefreshes(
  views: readonly { oid: number; schema: string; name: string }[],
  needsPopulated: ReadonlyMap<number, number[]>,
): SchemaNode[] {
  const readers = new Map<number, number[]>();
  for (const [reader, needs] of needsPopulated) {
    for (const oid of needs) readers.set(oid, [...(readers.get(oid) ?? []), reader]);
  }
  return views.flatMap((view): SchemaNode[] => {
    const by = readers.get(view.oid);
    if (!by) return [];
    const key = objectKey('pg_class', view.oid);
    const name = qualified(view.schema, view.name);
    const base = {
      object: label(view.schema, view.name),
      table: { schema: view.schema, name: view.name },
    };
    return [
      {
        key: `populate:${key}`,
        dependsOn: [key],
        inCreationOrderOf: key,
        statement: {
          phase: 'post-data',
          kind: 'refresh-materialized-view',
          ...base,
          sql: `REFRESH MATERIALIZED VIEW ${name}`,
        },
      },
      {
        key: `unpopulate:${key}`,
        dependsOn: [
          `populate:${key}`,
          ...by.map((reader) => `refresh:${objectKey('pg_class', reader)}`),
        ],
        inCreationOrderOf: key,
        statement: {
          phase: 'post-data',
          kind: 'refresh-materialized-view',
          ...base,
          sql: `REFRESH MATERIALIZED VIEW ${name} WITH NO DATA`,
        },
      },
    ];
  });
}
