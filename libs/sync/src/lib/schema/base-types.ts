import { quoteLiteral } from '@confiture/domain';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { commentNode } from './comments';
import { objectKey, type ReadContext, type SchemaNode, type SchemaPart } from './schema-node';
import { label, qualified } from './sql-text';

interface BaseTypeRow {
  oid: number;
  schema_oid: number;
  schema: string;
  name: string;
  defined: boolean;
  length: number;
  by_value: boolean;
  functions: Record<string, string | null>;
  default_value: string | null;
  element: string | null;
  delimiter: string;
  category: string;
  preferred: boolean;
  collatable: boolean;
  align: string;
  storage: string;
  comment: string | null;
}

const ALIGN: Record<string, string> = { c: 'char', s: 'int2', i: 'int4', d: 'double' };
const STORAGE: Record<string, string> = { p: 'plain', e: 'external', m: 'main', x: 'extended' };

/** The support functions of a base type, as `CREATE TYPE` names them, and their pg_type column. */
const FUNCTIONS: ReadonlyArray<[string, string]> = [
  ['INPUT', 'typinput'],
  ['OUTPUT', 'typoutput'],
  ['RECEIVE', 'typreceive'],
  ['SEND', 'typsend'],
  ['TYPMOD_IN', 'typmodin'],
  ['TYPMOD_OUT', 'typmodout'],
  ['ANALYZE', 'typanalyze'],
  ['SUBSCRIPT', 'typsubscript'],
];

/**
 * Base types (`CREATE TYPE name (INPUT = ..., OUTPUT = ...)`, their functions written in C or
 * `internal`) and shell types (`CREATE TYPE name`). As in pg_dump, a base type is first created as
 * a shell, so that its input and output functions, which name it, can exist before it does.
 */
export async function readBaseTypes({ client }: ReadContext): Promise<SchemaPart> {
  const functionColumns = FUNCTIONS.map(
    ([option, column]) =>
      `'${option}', CASE WHEN t.${column} <> 0 THEN t.${column}::regproc::text END`,
  ).join(', ');
  const functionOids = FUNCTIONS.map(([, column]) => `t.${column}::oid`).join(', ');
  const { rows } = await client.query<BaseTypeRow & { function_oids: number[] }>(
    `SELECT t.oid::int AS oid, n.oid::int AS schema_oid, n.nspname AS schema, t.typname AS name,
            t.typisdefined AS defined, t.typlen::int AS length, t.typbyval AS by_value,
            json_build_object(${functionColumns}) AS functions,
            ARRAY(SELECT f::int FROM unnest(ARRAY[${functionOids}]) AS f WHERE f <> 0) AS function_oids,
            t.typdefault AS default_value,
            CASE WHEN t.typelem <> 0 THEN format_type(t.typelem, NULL) END AS element,
            t.typdelim::text AS delimiter, t.typcategory::text AS category,
            t.typispreferred AS preferred, t.typcollation <> 0 AS collatable,
            t.typalign::text AS align, t.typstorage::text AS storage,
            obj_description(t.oid, 'pg_type') AS comment
       FROM pg_type t
       JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE (t.typtype = 'b' OR (t.typtype = 'p' AND NOT t.typisdefined))
        AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid)
        AND ${userSchemaCondition('n')} AND ${notExtensionMemberCondition('pg_type', 't.oid')}`,
  );
  const nodes: SchemaNode[] = [];
  const redirects: Array<[string, string, string]> = [];
  for (const row of rows) {
    const key = objectKey('pg_type', row.oid);
    const name = qualified(row.schema, row.name);
    const object = label(row.schema, row.name);
    const shell = {
      phase: 'pre-data' as const,
      kind: 'type' as const,
      object,
      sql: `CREATE TYPE ${name}`,
    };
    const namespace = objectKey('pg_namespace', row.schema_oid);
    if (!row.defined) {
      nodes.push({ key, dependsOn: [namespace], statement: shell });
    } else {
      const shellKey = `shell:${key}`;
      nodes.push(
        { key: shellKey, dependsOn: [namespace], statement: shell },
        {
          key,
          dependsOn: [shellKey],
          statement: {
            ...shell,
            sql: `CREATE TYPE ${name} (\n  ${baseTypeOptions(row).join(',\n  ')}\n)`,
          },
        },
      );
      for (const oid of row.function_oids) {
        redirects.push([objectKey('pg_proc', oid), key, shellKey]);
      }
    }
    nodes.push(
      ...commentNode(
        { key, sqlName: `TYPE ${name}`, label: object, phase: 'pre-data' },
        row.comment,
      ),
    );
  }
  return { nodes, represents: [], redirects };
}

function baseTypeOptions(row: BaseTypeRow): string[] {
  const options = [`INTERNALLENGTH = ${row.length === -1 ? 'VARIABLE' : row.length}`];
  for (const [option] of FUNCTIONS) {
    const fn = row.functions[option];
    // ELEMENT alone gives a fixed-length array type its subscripting.
    if (option === 'SUBSCRIPT' && row.element && fn === 'raw_array_subscript_handler') continue;
    if (fn) options.push(`${option} = ${fn}`);
  }
  if (row.default_value !== null) options.push(`DEFAULT = ${quoteLiteral(row.default_value)}`);
  if (row.element) options.push(`ELEMENT = ${row.element}`);
  if (row.delimiter !== ',') options.push(`DELIMITER = ${quoteLiteral(row.delimiter)}`);
  if (row.category !== 'U') options.push(`CATEGORY = ${quoteLiteral(row.category)}`);
  if (row.preferred) options.push('PREFERRED = true');
  if (row.collatable) options.push('COLLATABLE = true');
  options.push(
    `ALIGNMENT = ${ALIGN[row.align] ?? 'int4'}`,
    `STORAGE = ${STORAGE[row.storage] ?? 'plain'}`,
  );
  if (row.by_value) options.push('PASSEDBYVALUE');
  return options;
}
