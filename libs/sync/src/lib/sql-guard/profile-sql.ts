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
  for (const piece of pieces) {
    const where = { ...(profile.file ? { file: profile.file } : {}), path: piece.path };
    const names = checkSqlShape(piece.sql, piece.place, where);
    refuseUnsafeNames(await findUnsafeNames(source, names), where);
  }
}
