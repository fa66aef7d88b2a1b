import { quoteIdent } from '@confiture/domain';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { commentNode } from './comments';
import { objectKey, type ReadContext, type SchemaNode, type SchemaPart } from './schema-node';
import { label, qualified } from './sql-text';

/** A sequence's options as pg_sequence stores them (numbers as text: they may exceed 2^53). */
export interface SequenceOptions {
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
}

/** SQL columns giving {@link SequenceOptions} of pg_sequence alias `s`. */
export const SEQUENCE_OPTION_COLUMNS = `s.seqstart::text AS start, s.seqincrement::text AS increment,
  s.seqmin::text AS min, s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle AS cycle`;

/** `START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE ... CACHE 1 NO CYCLE`, every option explicit. */
export function sequenceOptionsSql(options: SequenceOptions): string {
  return [
    `START WITH ${options.start}`,
    `INCREMENT BY ${options.increment}`,
    `MINVALUE ${options.min}`,
    `MAXVALUE ${options.max}`,
    `CACHE ${options.cache}`,
    options.cycle ? 'CYCLE' : 'NO CYCLE',
  ].join(' ');
}

/**
 * Free-standing sequences (serial ones included) and their `OWNED BY`; identity sequences are
 * created with their column (see tables.ts). Values are set after the data by copySequenceValues.
 */
export async function readSequences({ client }: ReadContext): Promise<SchemaPart> {
  const { rows } = await client.query<
    SequenceOptions & {
      oid: number;
      schema_oid: number;
      schema: string;
      name: string;
      unlogged: boolean;
      data_type: string;
      comment: string | null;
      owner_oid: number | null;
      owner_schema: string | null;
      owner_table: string | null;
      owner_column: string | null;
    }
  >(
    `SELECT c.oid::int AS oid, n.oid::int AS schema_oid, n.nspname AS schema, c.relname AS name,
            c.relpersistence = 'u' AS unlogged, format_type(s.seqtypid, NULL) AS data_type,
            ${SEQUENCE_OPTION_COLUMNS}, obj_description(c.oid, 'pg_class') AS comment,
            t.oid::int AS owner_oid, tn.nspname AS owner_schema, t.relname AS owner_table,
            a.attname AS owner_column
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_sequence s ON s.seqrelid = c.oid
       LEFT JOIN pg_depend d
              ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
             AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype = 'a'
       LEFT JOIN pg_class t ON t.oid = d.refobjid
       LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace AND ${userSchemaCondition('tn')}
       LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE c.relkind = 'S' AND ${userSchemaCondition('n')}
        AND ${notExtensionMemberCondition('pg_class', 'c.oid')}
        -- identity sequences belong to their column
        AND NOT EXISTS (SELECT 1 FROM pg_depend i
                         WHERE i.classid = 'pg_class'::regclass AND i.objid = c.oid
                           AND i.refclassid = 'pg_class'::regclass AND i.deptype = 'i')`,
  );
  const nodes: SchemaNode[] = [];
  for (const row of rows) {
    const key = objectKey('pg_class', row.oid);
    const name = qualified(row.schema, row.name);
    const object = label(row.schema, row.name);
    nodes.push(
      {
        key,
        dependsOn: [objectKey('pg_namespace', row.schema_oid)],
        statement: {
          phase: 'pre-data',
          kind: 'sequence',
          object,
          sql: `CREATE ${row.unlogged ? 'UNLOGGED ' : ''}SEQUENCE ${name} AS ${row.data_type} ${sequenceOptionsSql(row)}`,
        },
      },
      ...commentNode(
        { key, sqlName: `SEQUENCE ${name}`, label: object, phase: 'pre-data' },
        row.comment,
      ),
    );
    if (row.owner_oid && row.owner_schema && row.owner_table && row.owner_column) {
      const table = { schema: row.owner_schema, name: row.owner_table };
      nodes.push({
        key: `owned-by:${key}`,
        dependsOn: [key, objectKey('pg_class', row.owner_oid)],
        statement: {
          phase: 'pre-data',
          kind: 'sequence-owned-by',
          object,
          table,
          sql: `ALTER SEQUENCE ${name} OWNED BY ${qualified(table.schema, table.name)}.${quoteIdent(row.owner_column)}`,
        },
      });
    }
  }
  return { nodes, represents: [] };
}
