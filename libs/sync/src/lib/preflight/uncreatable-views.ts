import { ConfitureError } from '@confiture/domain';
import type pg from 'pg';
import { inSavepoint } from '../savepoint';
import { notExtensionMemberCondition, userSchemaCondition } from '../catalog';

/** A view of the source whose definition PostgreSQL cannot plan, so cannot create either. */
export interface UncreatableView {
  /** `schema.name`, quoted where needed. */
  view: string;
  /** SQLSTATE of the failure, e.g. 42P17. */
  code: string;
  /** PostgreSQL's message (names only: EXPLAIN reads no row). */
  reason: string;
}

const SAVEPOINT = 'confiture_view_check';

/**
 * Views that exist in the source's catalog yet cannot be created from their definition: a view
 * replaced by one that reads itself (`CREATE OR REPLACE VIEW v AS SELECT * FROM v`), or views
 * that read each other in a circle, which the target would reject at CREATE VIEW and PostgreSQL
 * itself rejects at every query (42P17, infinite recursion). Each view is planned (`EXPLAIN`,
 * which reads no row) inside a savepoint of the caller's snapshot transaction, which it leaves as
 * it was. Failures of SQLSTATE class 42 (undefined, recursive, mistyped definitions) count; a
 * privilege (42501), a lock or a timeout says nothing about the definition and is left to the
 * schema phase.
 */
export async function findUncreatableViews(source: pg.ClientBase): Promise<UncreatableView[]> {
  const { rows: views } = await source.query<{ oid: number; view: string }>(
    `SELECT c.oid::int AS oid, quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS view
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'v' AND ${userSchemaCondition('n')}
        AND ${notExtensionMemberCondition('pg_class', 'c.oid')}
      ORDER BY 2`,
  );
  const found: UncreatableView[] = [];
  for (const { view } of views) {
    try {
      await inSavepoint(source, SAVEPOINT, () => source.query(`EXPLAIN SELECT * FROM ${view}`));
    } catch (error) {
      const { code = '', message = String(error) } = error as { code?: string; message?: string };
      if (code.startsWith('42') && code !== '42501') found.push({ view, code, reason: message });
    }
  }
  return found;
}

/**
 * Pre-flight's refusal of {@link findUncreatableViews}: all of them at once, before anything is
 * written, each named with PostgreSQL's reason, and what to do.
 */
export async function refuseUncreatableViews(source: pg.ClientBase): Promise<void> {
  const views = await findUncreatableViews(source);
  if (views.length === 0) return;
  const recursive = views.some((v) => v.code === '42P17');
  throw new ConfitureError(
    'SYNC_REFUSED',
    `${views.length === 1 ? 'a view' : `${views.length} views`} of the source cannot be created on the target: ${views
      .map((v) => v.view)
      .join(', ')}`,
    {
      details: views.map(
        (v) =>
          new ConfitureError('SYNC_REFUSED', `view ${v.view} cannot be created: ${v.reason}`, {
            table: v.view,
          }),
      ),
      hint: `${
        recursive
          ? 'A view that reads itself (CREATE OR REPLACE VIEW v AS SELECT * FROM v), directly or through other views, cannot be recreated: PostgreSQL rejects every query on it. '
          : ''
      }Fix each view named above in the source (CREATE OR REPLACE VIEW ... with a query PostgreSQL can run) or drop it, then sync again. Nothing was written to the target.`,
    },
  );
}
