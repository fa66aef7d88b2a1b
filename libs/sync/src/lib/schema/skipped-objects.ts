import { ConfitureError } from '@confiture/domain';
import type pg from 'pg';
import { notExtensionMemberCondition } from '../catalog';
import { FIRST_NORMAL_OID } from './extensions';

/** An object of the source that the schema copy leaves out, and why. */
export interface SkippedObject {
  kind:
    | 'user-mapping'
    | 'publication'
    | 'subscription'
    | 'event-trigger'
    | 'large-object'
    | 'security-label';
  /** Its name (never an option value: a user mapping's options hold passwords). */
  object: string;
  reason: string;
}

const REASON: Record<SkippedObject['kind'], string> = {
  'user-mapping':
    'it holds the credentials of another system; create the mapping on the target if it needs one',
  publication: 'it belongs to replication: a copy does not publish its changes',
  subscription: 'it connects to another server with credentials and replicates from it',
  'event-trigger':
    'it runs on every DDL command of the database (the copy included) and needs a superuser',
  'large-object': 'large objects (lo_*) are data outside any table; they are not copied',
  'security-label': 'it needs its label provider (e.g. sepgsql) on the target',
};

/**
 * What the source holds that the schema copy does not recreate, one entry per object (large
 * objects counted as one entry): the sync lists them at pre-flight, and `--strict-schema` refuses
 * to run when there is any. Reads names only; a user mapping's options are never read.
 */
export async function readSkippedObjects(source: pg.ClientBase): Promise<SkippedObject[]> {
  const { rows } = await source.query<{ kind: SkippedObject['kind']; object: string }>(
    `SELECT 'user-mapping' AS kind,
            'for ' || CASE WHEN m.umuser = 0 THEN 'PUBLIC' ELSE quote_ident(m.usename) END
              || ' on server ' || quote_ident(m.srvname) AS object
       FROM pg_user_mappings m
      WHERE ${notExtensionMemberCondition('pg_foreign_server', 'm.srvid')}
     UNION ALL
     SELECT 'publication', quote_ident(p.pubname) FROM pg_publication p
     UNION ALL
     SELECT 'subscription', quote_ident(s.subname)
       FROM pg_subscription s WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())
     UNION ALL
     SELECT 'event-trigger', quote_ident(e.evtname) FROM pg_event_trigger e
      WHERE e.oid >= ${FIRST_NORMAL_OID} AND ${notExtensionMemberCondition('pg_event_trigger', 'e.oid')}
     UNION ALL
     SELECT 'large-object', count(*) || ' large object(s)' FROM pg_largeobject_metadata
     HAVING count(*) > 0
     UNION ALL
     SELECT 'security-label', l.provider || ' label on ' || l.objtype || ' ' || l.objname
       FROM pg_seclabels l
      WHERE l.objoid >= ${FIRST_NORMAL_OID} AND l.objtype NOT IN ('role', 'database', 'tablespace')
      ORDER BY 1, 2`,
  );
  return rows.map((row) => ({ ...row, reason: REASON[row.kind] }));
}

/**
 * The pre-flight's word on skipped objects: one warning per object, or, with `strict`, a refusal
 * naming them before anything is written.
 */
export function checkSkippedObjects(skipped: readonly SkippedObject[], strict: boolean): string[] {
  const lines = skipped.map((s) => `${s.kind} ${s.object}`);
  if (strict && skipped.length > 0) {
    throw new ConfitureError(
      'SYNC_REFUSED',
      `--strict-schema: the schema copy would leave out ${skipped.length} object(s) of the source: ${lines.join(', ')}`,
      {
        hint: 'Drop them from the source, or sync without --strict-schema (they are then listed as warnings). docs/schema-copy.md says what is not copied and why.',
      },
    );
  }
  return skipped.map((s) => `schema: not copied: ${s.kind} ${s.object} (${s.reason})`);
}
