import { quoteIdent, quoteLiteral } from '@confiture/domain';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { commentNode } from './comments';
import { groupBy } from './group-by';
import { objectKey, type ReadContext, type SchemaNode, type SchemaPart } from './schema-node';
import { collateClause, collationIfNotDefault, label, labelPart, qualified } from './sql-text';

interface TypeRow {
  oid: number;
  schema_oid: number;
  schema: string;
  name: string;
  kind: 'e' | 'd' | 'r' | 'c';
  relid: number;
  array_oid: number;
  comment: string | null;
  base_type: string | null;
  not_null: boolean;
  default_expr: string | null;
  collation: string[] | null;
}

/**
 * User-defined types: enums, domains (with their constraints), composite and range types.
 * Base types written in C and shell types are not copied (see docs/schema-copy.md).
 */
export async function readTypes(context: ReadContext): Promise<SchemaPart> {
  const { client } = context;
  const types = await client.query<TypeRow>(
    `SELECT t.oid::int AS oid, n.oid::int AS schema_oid, n.nspname AS schema, t.typname AS name,
            t.typtype::text AS kind, t.typrelid::int AS relid, t.typarray::int AS array_oid,
            obj_description(t.oid, 'pg_type') AS comment,
            CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base_type,
            t.typnotnull AS not_null,
            COALESCE(pg_get_expr(t.typdefaultbin, 0), t.typdefault) AS default_expr,
            CASE WHEN t.typtype = 'd'
                 THEN ${collationIfNotDefault('t.typcollation', 'bt.typcollation')} END AS collation
       FROM pg_type t
       JOIN pg_namespace n ON n.oid = t.typnamespace
       LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
      WHERE (t.typtype IN ('e', 'd', 'r')
             OR (t.typtype = 'c'
                 AND EXISTS (SELECT 1 FROM pg_class r WHERE r.oid = t.typrelid AND r.relkind = 'c')))
        AND ${userSchemaCondition('n')} AND ${notExtensionMemberCondition('pg_type', 't.oid')}`,
  );
  const details = await readTypeDetails(context);

  const nodes: SchemaNode[] = [];
  const represents: Array<[string, string]> = [];
  for (const row of types.rows) {
    const key = objectKey('pg_type', row.oid);
    const name = qualified(row.schema, row.name);
    const object = label(row.schema, row.name);
    if (row.array_oid) represents.push([objectKey('pg_type', row.array_oid), key]);
    let definition: string;
    const after: SchemaNode[] = [];
    switch (row.kind) {
      case 'e':
        definition = `AS ENUM (${(details.labels.get(row.oid) ?? []).map(quoteLiteral).join(', ')})`;
        break;
      case 'c': {
        represents.push([objectKey('pg_class', row.relid), key]);
        const attributes = details.attributes.get(row.relid) ?? [];
        definition = `AS (${attributes
          .map((a) => `${quoteIdent(a.name)} ${a.type}${collateClause(a.collation)}`)
          .join(', ')})`;
        for (const a of attributes) {
          after.push(
            ...commentNode(
              {
                key,
                sqlName: `COLUMN ${name}.${quoteIdent(a.name)}`,
                label: `${object}.${labelPart(a.name)}`,
                phase: 'pre-data',
              },
              a.comment,
              `attribute:${a.name}`,
            ),
          );
        }
        break;
      }
      case 'r': {
        const range = details.ranges.get(row.oid);
        if (!range) continue;
        represents.push([objectKey('pg_type', range.multirange_oid), key]);
        const options = [`SUBTYPE = ${range.subtype}`];
        if (range.opclass)
          options.push(`SUBTYPE_OPCLASS = ${qualified(range.opclass[0]!, range.opclass[1]!)}`);
        if (range.collation)
          options.push(`COLLATION = ${qualified(range.collation[0]!, range.collation[1]!)}`);
        if (range.subdiff) options.push(`SUBTYPE_DIFF = ${range.subdiff}`);
        options.push(
          `MULTIRANGE_TYPE_NAME = ${qualified(range.multirange_schema, range.multirange_name)}`,
        );
        definition = `AS RANGE (${options.join(', ')})`;
        break;
      }
      case 'd': {
        const constraints = details.domainConstraints.get(row.oid) ?? [];
        const clauses = [`AS ${row.base_type}${collateClause(row.collation)}`];
        if (row.default_expr !== null) clauses.push(`DEFAULT ${row.default_expr}`);
        if (row.not_null) clauses.push('NOT NULL');
        for (const constraint of constraints) {
          const constraintKey = objectKey('pg_constraint', constraint.oid);
          const constraintName = quoteIdent(constraint.name);
          if (constraint.validated) {
            clauses.push(`CONSTRAINT ${constraintName} ${constraint.definition}`);
            represents.push([constraintKey, key]);
          } else {
            // Not valid: the source holds values that break it; add it after the data.
            after.push({
              key: constraintKey,
              dependsOn: [key],
              statement: {
                phase: 'post-data',
                kind: 'check',
                object: `${labelPart(constraint.name)} on ${object}`,
                sql: `ALTER DOMAIN ${name} ADD CONSTRAINT ${constraintName} ${constraint.definition}`,
              },
            });
          }
          after.push(
            ...commentNode(
              {
                key: constraint.validated ? key : constraintKey,
                sqlName: `CONSTRAINT ${constraintName} ON DOMAIN ${name}`,
                label: `${labelPart(constraint.name)} on ${object}`,
                phase: constraint.validated ? 'pre-data' : 'post-data',
              },
              constraint.comment,
              `constraint:${constraint.name}`,
            ),
          );
        }
        definition = clauses.join(' ');
        break;
      }
    }
    nodes.push(
      {
        key,
        dependsOn: [objectKey('pg_namespace', row.schema_oid)],
        statement: {
          phase: 'pre-data',
          kind: 'type',
          object,
          sql:
            row.kind === 'd'
              ? `CREATE DOMAIN ${name} ${definition}`
              : `CREATE TYPE ${name} ${definition}`,
        },
      },
      ...commentNode(
        {
          key,
          sqlName: `${row.kind === 'd' ? 'DOMAIN' : 'TYPE'} ${name}`,
          label: object,
          phase: 'pre-data',
        },
        row.comment,
      ),
      ...after,
    );
  }
  return { nodes, represents };
}

async function readTypeDetails({ client }: ReadContext) {
  const labels = await client.query<{ type_oid: number; labels: string[] }>(
    `SELECT e.enumtypid::int AS type_oid, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
       FROM pg_enum e GROUP BY e.enumtypid`,
  );
  const attributes = await client.query<{
    relid: number;
    name: string;
    type: string;
    collation: string[] | null;
    comment: string | null;
  }>(
    `SELECT a.attrelid::int AS relid, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            ${collationIfNotDefault('a.attcollation', 't.typcollation')} AS collation,
            col_description(a.attrelid, a.attnum) AS comment
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'c'
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type t ON t.oid = a.atttypid
      WHERE a.attnum > 0 AND NOT a.attisdropped AND ${userSchemaCondition('n')}
      ORDER BY a.attrelid, a.attnum`,
  );
  const ranges = await client.query<{
    type_oid: number;
    subtype: string;
    opclass: string[] | null;
    collation: string[] | null;
    subdiff: string | null;
    multirange_oid: number;
    multirange_schema: string;
    multirange_name: string;
  }>(
    `SELECT r.rngtypid::int AS type_oid, format_type(r.rngsubtype, NULL) AS subtype,
            CASE WHEN NOT opc.opcdefault THEN ARRAY[opcn.nspname::text, opc.opcname::text] END AS opclass,
            ${collationIfNotDefault('r.rngcollation', 'st.typcollation')} AS collation,
            CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::regproc::text END AS subdiff,
            r.rngmultitypid::int AS multirange_oid, mn.nspname AS multirange_schema,
            mt.typname AS multirange_name
       FROM pg_range r
       JOIN pg_type st ON st.oid = r.rngsubtype
       JOIN pg_opclass opc ON opc.oid = r.rngsubopc
       JOIN pg_namespace opcn ON opcn.oid = opc.opcnamespace
       JOIN pg_type mt ON mt.oid = r.rngmultitypid
       JOIN pg_namespace mn ON mn.oid = mt.typnamespace
      WHERE r.rngtypid >= 16384`,
  );
  const constraints = await client.query<{
    oid: number;
    type_oid: number;
    name: string;
    definition: string;
    validated: boolean;
    comment: string | null;
  }>(
    `SELECT con.oid::int AS oid, con.contypid::int AS type_oid, con.conname AS name,
            pg_get_constraintdef(con.oid) AS definition, con.convalidated AS validated,
            obj_description(con.oid, 'pg_constraint') AS comment
       FROM pg_constraint con
      WHERE con.contypid <> 0 AND con.contype = 'c'
      ORDER BY con.contypid, con.conname`,
  );
  return {
    labels: new Map(labels.rows.map((row) => [row.type_oid, row.labels])),
    attributes: groupBy(attributes.rows, (row) => row.relid),
    ranges: new Map(ranges.rows.map((row) => [row.type_oid, row])),
    domainConstraints: groupBy(constraints.rows, (row) => row.type_oid),
  };
}
