import { quoteLiteral } from '@confiture/domain';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';
import { commentNode } from './comments';
import { objectKey, type ReadContext, type SchemaNode, type SchemaPart } from './schema-node';
import { label, qualified } from './sql-text';

interface FunctionRow {
  oid: number;
  schema_oid: number;
  schema: string;
  name: string;
  kind: 'f' | 'p' | 'a' | 'w';
  identity_args: string;
  args: string;
  definition: string | null;
  parallel: 's' | 'r' | 'u';
  comment: string | null;
  agg_kind: string | null;
  sfunc: string | null;
  stype: string | null;
  sspace: number | null;
  finalfunc: string | null;
  finalextra: boolean | null;
  finalmodify: string | null;
  combinefunc: string | null;
  serialfunc: string | null;
  deserialfunc: string | null;
  initcond: string | null;
  msfunc: string | null;
  minvfunc: string | null;
  mstype: string | null;
  msspace: number | null;
  mfinalfunc: string | null;
  mfinalextra: boolean | null;
  mfinalmodify: string | null;
  minitcond: string | null;
  sortop: string | null;
}

/**
 * Functions and procedures as pg_get_functiondef writes them (applied with
 * `check_function_bodies = off`, so bodies may name tables created later), and aggregates: plain,
 * ordered-set (`(direct ORDER BY aggregated)`) and hypothetical-set ones.
 */
export async function readFunctions({ client }: ReadContext): Promise<SchemaPart> {
  const fn = (column: string) => `CASE WHEN ${column}::oid <> 0 THEN ${column}::regproc::text END`;
  const { rows } = await client.query<FunctionRow>(
    `SELECT p.oid::int AS oid, n.oid::int AS schema_oid, n.nspname AS schema, p.proname AS name,
            p.prokind::text AS kind, pg_get_function_identity_arguments(p.oid) AS identity_args,
            pg_get_function_arguments(p.oid) AS args,
            CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END AS definition,
            p.proparallel::text AS parallel, obj_description(p.oid, 'pg_proc') AS comment,
            a.aggkind::text AS agg_kind, ${fn('a.aggtransfn')} AS sfunc,
            format_type(a.aggtranstype, NULL) AS stype, a.aggtransspace AS sspace,
            ${fn('a.aggfinalfn')} AS finalfunc, a.aggfinalextra AS finalextra,
            a.aggfinalmodify::text AS finalmodify, ${fn('a.aggcombinefn')} AS combinefunc,
            ${fn('a.aggserialfn')} AS serialfunc, ${fn('a.aggdeserialfn')} AS deserialfunc,
            a.agginitval AS initcond, ${fn('a.aggmtransfn')} AS msfunc,
            ${fn('a.aggminvtransfn')} AS minvfunc,
            CASE WHEN a.aggmtranstype <> 0 THEN format_type(a.aggmtranstype, NULL) END AS mstype,
            a.aggmtransspace AS msspace, ${fn('a.aggmfinalfn')} AS mfinalfunc,
            a.aggmfinalextra AS mfinalextra, a.aggmfinalmodify::text AS mfinalmodify,
            a.aggminitval AS minitcond,
            (SELECT 'OPERATOR(' || quote_ident(opn.nspname) || '.' || o.oprname || ')'
               FROM pg_operator o JOIN pg_namespace opn ON opn.oid = o.oprnamespace
              WHERE o.oid = a.aggsortop) AS sortop
       FROM pg_proc p
       JOIN pg_namespace n ON n.oid = p.pronamespace
       LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid
      WHERE ${userSchemaCondition('n')} AND ${notExtensionMemberCondition('pg_proc', 'p.oid')}
        -- functions that are part of another object (a range type's constructors)
        AND NOT EXISTS (SELECT 1 FROM pg_depend i
                         WHERE i.classid = 'pg_proc'::regclass AND i.objid = p.oid
                           AND i.deptype = 'i')`,
  );
  const parts = await client.query<{ part: string; whole: string }>(
    `SELECT 'pg_proc:' || i.objid AS part, i.refclassid::regclass::text || ':' || i.refobjid AS whole
       FROM pg_depend i
      WHERE i.classid = 'pg_proc'::regclass AND i.deptype = 'i' AND i.objid >= 16384`,
  );
  return {
    nodes: rows.flatMap((row): SchemaNode[] => {
      const key = objectKey('pg_proc', row.oid);
      const isAggregate = row.kind === 'a';
      const signature = isAggregate ? row.identity_args || '*' : row.identity_args;
      const object = `${label(row.schema, row.name)}(${signature})`;
      const what = isAggregate ? 'AGGREGATE' : row.kind === 'p' ? 'PROCEDURE' : 'FUNCTION';
      return [
        {
          key,
          dependsOn: [objectKey('pg_namespace', row.schema_oid)],
          statement: {
            phase: 'pre-data',
            kind: isAggregate ? 'aggregate' : 'function',
            object,
            sql: isAggregate ? createAggregateSql(row) : row.definition!.trimEnd(),
          },
        },
        ...commentNode(
          {
            key,
            sqlName: `${what} ${qualified(row.schema, row.name)}(${signature})`,
            label: object,
            phase: 'pre-data',
          },
          row.comment,
        ),
      ];
    }),
    represents: parts.rows.map((row) => [row.part, row.whole]),
  };
}

const FINAL_MODIFY: Record<string, string> = { s: 'SHAREABLE', w: 'READ_WRITE' };
const PARALLEL: Record<string, string> = { s: 'SAFE', r: 'RESTRICTED' };

function createAggregateSql(row: FunctionRow): string {
  const options = [`SFUNC = ${row.sfunc}`, `STYPE = ${row.stype}`];
  const add = (condition: unknown, option: string) => {
    if (condition) options.push(option);
  };
  add(row.sspace, `SSPACE = ${row.sspace}`);
  add(row.finalfunc, `FINALFUNC = ${row.finalfunc}`);
  add(row.finalfunc && row.finalextra, 'FINALFUNC_EXTRA');
  // Ordered-set aggregates default to READ_WRITE, the others to READ_ONLY.
  const orderedSet = row.agg_kind === 'o' || row.agg_kind === 'h';
  const modify =
    orderedSet && row.finalmodify === 'r' ? 'READ_ONLY' : FINAL_MODIFY[row.finalmodify ?? ''];
  add(
    row.finalfunc && modify && !(orderedSet && modify === 'READ_WRITE'),
    `FINALFUNC_MODIFY = ${modify}`,
  );
  add(row.combinefunc, `COMBINEFUNC = ${row.combinefunc}`);
  add(row.serialfunc, `SERIALFUNC = ${row.serialfunc}`);
  add(row.deserialfunc, `DESERIALFUNC = ${row.deserialfunc}`);
  add(row.initcond !== null, `INITCOND = ${quoteLiteral(row.initcond ?? '')}`);
  if (row.msfunc) {
    options.push(`MSFUNC = ${row.msfunc}`, `MINVFUNC = ${row.minvfunc}`, `MSTYPE = ${row.mstype}`);
    add(row.msspace, `MSSPACE = ${row.msspace}`);
    add(row.mfinalfunc, `MFINALFUNC = ${row.mfinalfunc}`);
    add(row.mfinalfunc && row.mfinalextra, 'MFINALFUNC_EXTRA');
    add(
      row.mfinalfunc && FINAL_MODIFY[row.mfinalmodify ?? ''],
      `MFINALFUNC_MODIFY = ${FINAL_MODIFY[row.mfinalmodify ?? '']}`,
    );
    add(row.minitcond !== null, `MINITCOND = ${quoteLiteral(row.minitcond ?? '')}`);
  }
  add(row.sortop, `SORTOP = ${row.sortop}`);
  add(row.agg_kind === 'h', 'HYPOTHETICAL');
  add(PARALLEL[row.parallel], `PARALLEL = ${PARALLEL[row.parallel]}`);
  return `CREATE AGGREGATE ${qualified(row.schema, row.name)}(${row.args || '*'}) (\n  ${options.join(',\n  ')}\n)`;
}
