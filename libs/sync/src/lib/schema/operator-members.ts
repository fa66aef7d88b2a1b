import type pg from 'pg';
import { groupBy } from './group-by';
import { operatorName } from './operators';

/** An operator or support function of an operator class or family, as its DDL lists it. */
export interface OperatorMember {
  /** `pg_amop:oid` or `pg_amproc:oid`. */
  key: string;
  /** The class's or family's oid. */
  owner: number;
  /** `OPERATOR 1 schema.op(integer, integer)` or `FUNCTION 1 (integer, integer) schema.f(...)`. */
  sql: string;
}

/**
 * The operators and support functions bound to each operator class (`catalog` `pg_opclass`) or
 * loose in each operator family (`pg_opfamily`), by pg_depend as pg_dump reads them, by owner.
 */
export async function readOperatorMembers(
  client: pg.ClientBase,
  catalog: 'pg_opclass' | 'pg_opfamily',
): Promise<Map<number, OperatorMember[]>> {
  const { rows } = await client.query<OperatorMember>(
    `SELECT 'pg_amop:' || ao.oid AS key, d.refobjid::int AS owner,
            'OPERATOR ' || ao.amopstrategy || ' ' || ${operatorName('ao.amopopr')}
              || '(' || format_type(ao.amoplefttype, NULL) || ', '
              || format_type(ao.amoprighttype, NULL) || ')'
              || CASE WHEN ao.amoppurpose = 'o'
                      THEN ' FOR ORDER BY ' || quote_ident(sfn.nspname) || '.' || quote_ident(sf.opfname)
                      ELSE '' END AS sql
       FROM pg_amop ao
       JOIN pg_depend d ON d.classid = 'pg_amop'::regclass AND d.objid = ao.oid
                       AND d.refclassid = '${catalog}'::regclass
       LEFT JOIN pg_opfamily sf ON sf.oid = ao.amopsortfamily
       LEFT JOIN pg_namespace sfn ON sfn.oid = sf.opfnamespace
     UNION ALL
     SELECT 'pg_amproc:' || ap.oid, d.refobjid::int,
            'FUNCTION ' || ap.amprocnum || ' (' || format_type(ap.amproclefttype, NULL) || ', '
              || format_type(ap.amprocrighttype, NULL) || ') ' || ap.amproc::regprocedure::text
       FROM pg_amproc ap
       JOIN pg_depend d ON d.classid = 'pg_amproc'::regclass AND d.objid = ap.oid
                       AND d.refclassid = '${catalog}'::regclass
      ORDER BY 2, 3`,
  );
  return groupBy(rows, (row) => row.owner);
}
