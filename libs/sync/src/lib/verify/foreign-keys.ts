import type { VerificationCheck } from '@confiture/domain';
import type pg from 'pg';

/**
 * The foreign-key check: every foreign key of the target (Confiture's own aside) is validated.
 * The sync creates them validated, so every row satisfies them; one created NOT VALID, or never
 * checked, fails the check.
 */
export async function checkForeignKeys(target: pg.ClientBase): Promise<VerificationCheck> {
  const { rows } = await target.query<{ name: string; table_name: string; validated: boolean }>(
    `SELECT con.conname AS name, format('%I.%I', n.nspname, c.relname) AS table_name, con.convalidated AS validated
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE con.contype = 'f' AND n.nspname <> 'confiture' AND con.conparentid = 0`,
  );
  const notValidated = rows.filter((r) => !r.validated).map((r) => `${r.table_name}.${r.name}`);
  return {
    name: 'foreign-keys',
    status: notValidated.length === 0 ? 'passed' : 'failed',
    detail:
      notValidated.length === 0
        ? `${rows.length} foreign keys hold (validated by PostgreSQL)`
        : `foreign keys not validated: ${notValidated.join(', ')}`,
    count: notValidated.length,
  };
}
