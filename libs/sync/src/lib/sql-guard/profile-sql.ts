import type { Profile } from '@confiture/domain';
import type pg from 'pg';
import type { SyncPlan } from '../plan/plan';
import { findUnsafeNames, refuseUnsafeNames } from './function-safety';
import { checkSqlShape, loadSqlParser, type SqlPlace } from './sql-shape';

/** One piece of SQL a profile puts in the source query, and the YAML path it came from. */
interface ProfileSql {
  sql: string;
  place: SqlPlace;
  path: string;
}

/** The filters and `custom` expressions of the tables a plan copies. */
export function profileSqlOf(plan: SyncPlan, profile: Profile): ProfileSql[] {
  const pathOf = new Map(profile.tables.map((t) => [t.key, t.path]));
  const pieces: ProfileSql[] = [];
  for (const table of plan.tables) {
    if (table.excluded) continue;
    const tablePath = (table.profileKey && pathOf.get(table.profileKey)) || 'tables';
    if (table.filter)
      pieces.push({ sql: table.filter, place: 'filter', path: `${tablePath}.filter` });
    for (const column of table.columns) {
      // `aggregate` builds its SQL from a function it knows and quoted column names; `custom` is
      // the only strategy whose SQL is the profile's own text.
      if (column.sql !== undefined && column.rule?.type === 'custom') {
        pieces.push({ sql: column.sql, place: 'value', path: column.rule?.path ?? tablePath });
      }
    }
  }
  return pieces;
}

/**
 * Refuses, before anything is written, profile SQL that is not one side-effect-free expression:
 * each filter and each `custom` expression is parsed by PostgreSQL's grammar and must
 * be exactly one expression ({@link checkSqlShape}), and every function and operator it names
 * must be IMMUTABLE or STABLE on the source ({@link findUnsafeNames}). Errors name the YAML path,
 * never the SQL text. A profile with no SQL loads nothing.
 */
export async function guardProfileSql(
  plan: SyncPlan,
  profile: Profile,
  source: pg.ClientBase,
): Promise<void> {
  const pieces = profileSqlOf(plan, profile);
  if (pieces.length === 0) return;
  await loadSqlParser();
  const checked = pieces.map((piece) => {
    const where = { ...(profile.file ? { file: profile.file } : {}), path: piece.path };
    try {
      return { where, names: checkSqlShape(piece.sql, piece.place, where) };
    } catch (error) {
      return { where, error };
    }
  });
  // One catalog lookup for every name of every piece, then each piece judged in profile order.
  const named = checked.flatMap((c) => (c.names ? [c.names] : []));
  const unsafe = await findUnsafeNames(source, {
    // Sorted, as each piece's own names are: a piece's unsafe names keep their order.
    functions: [...new Set(named.flatMap((n) => n.functions))].sort(),
    operators: [...new Set(named.flatMap((n) => n.operators))].sort(),
  });
  for (const { where, names, error } of checked) {
    if (!names) throw error;
    const operators = new Set(names.operators.map(bareName));
    refuseUnsafeNames(
      unsafe.filter((u) =>
        u.kind === 'function' ? names.functions.includes(u.name) : operators.has(u.name),
      ),
      where,
    );
  }
}

/** `pg_catalog.+` → `+`: unsafe operators are reported by their bare name. */
function bareName(name: string): string {
  return name.split('.').pop() ?? name;
}
