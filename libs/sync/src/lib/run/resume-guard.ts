import { createHmac } from 'node:crypto';
import { ConfitureError, formatQualifiedName, type QualifiedName } from '@confiture/domain';
import type pg from 'pg';
import type { RuleSeeds } from '../preflight/seeds';

/** A source column as a resumed run needs it unchanged: name, type with typmod, nullability. */
export interface RecordedColumn {
  name: string;
  /** `format_type(atttypid, atttypmod)`: `integer`, `numeric(10,2)`, `character varying(80)`. */
  type: string;
  notNull: boolean;
  /** `attgenerated` (`s` for a stored generated column), empty when not generated. */
  generated: string;
  /** The column's collation when it is not its type's default, else empty. */
  collation: string;
}

/**
 * What a run records at its start (beside its plan in `sync_runs.plan`) so that `--resume` can
 * tell it would go on writing the same thing: the columns of every copied table, in order, and a
 * keyed fingerprint of what determines the anonymized output (the seeds).
 */
export interface ResumeGuard {
  version: 1;
  /** Copied tables by label (`schema.table`): their columns in attribute order. */
  tables: Record<string, RecordedColumn[]>;
  /** {@link keyFingerprint} of the run's seeds. */
  keys: string;
}

/** The HMAC label of {@link keyFingerprint}: its outputs are good for nothing else. */
const KEY_FINGERPRINT_LABEL = 'confiture resume key fingerprint v1';

/**
 * A keyed fingerprint of the seeds a run anonymizes with: HMAC-SHA256 keyed by each rule's seed
 * over a fixed label and the rule's path, the lot combined under HMAC with the label. It is never
 * the seed nor a plain hash of it: a plain SHA-256 of a seed is the same public function in every
 * tool, so a table of hashes of likely seeds would name the seed at a glance, and a value from
 * here would match one from elsewhere. Keyed by the seed and labelled, the value is only what this
 * comparison produces; whoever reads the target can test a guess only by redoing the HMAC, as they
 * could with any anonymized value already there. Its strength is the seed's (hence the seed rules).
 */
export function keyFingerprint(seeds: RuleSeeds): string {
  const outer = createHmac('sha256', KEY_FINGERPRINT_LABEL);
  for (const [path, seed] of [...seeds].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const inner = createHmac('sha256', seed)
      .update(`${KEY_FINGERPRINT_LABEL}\u0000${path}`)
      .digest('hex');
    outer.update(`${path}\u0000${inner}\n`);
  }
  return `hmac-sha256:${outer.digest('hex')}`;
}

/** Reads the guard of a run copying `tables` with `seeds`, in the source's snapshot. */
export async function readResumeGuard(
  source: pg.ClientBase,
  tables: readonly QualifiedName[],
  seeds: RuleSeeds,
): Promise<ResumeGuard> {
  return { version: 1, tables: await readColumns(source, tables), keys: keyFingerprint(seeds) };
}

/**
 * Refuses to resume when the run would not go on writing what it started writing: the seeds
 * differ (named by neither value), or the source columns of a table still to copy changed since
 * the run started (named, with what changed). A run recorded without a guard is refused too.
 * Reads only; the caller marks the run failed.
 */
export async function checkResume(input: {
  source: pg.ClientBase;
  recorded: ResumeGuard | undefined;
  seeds: RuleSeeds;
  /** Labels of the tables with chunks still to copy. */
  stillToCopy: readonly QualifiedName[];
}): Promise<void> {
  const fresh = 'Start a fresh sync without --resume (add --yes to overwrite the target).';
  const { recorded } = input;
  if (recorded?.version !== 1) {
    throw new ConfitureError(
      'SYNC_REFUSED',
      'the sync being resumed recorded no fingerprint of its source schema and seeds (it was started by an older Confiture)',
      { hint: fresh },
    );
  }
  if (keyFingerprint(input.seeds) !== recorded.keys) {
    throw new ConfitureError(
      'SYNC_REFUSED',
      'the seeds differ from the ones the sync being resumed started with: resuming would anonymize the same value one way in some tables and another way in the rest',
      { hint: `Resume with the same seed variables, or: ${fresh}` },
    );
  }
  const now = await readColumns(input.source, input.stillToCopy);
  const changed = input.stillToCopy.flatMap((table) => {
    const label = formatQualifiedName(table);
    const before = recorded.tables[label];
    const after = now[label];
    const diff = !before
      ? ['not in the recorded run']
      : !after
        ? ['no longer in the source']
        : columnChanges(before, after);
    return diff.length > 0 ? [{ label, diff }] : [];
  });
  if (changed.length > 0) {
    const list = changed.map((c) => `${c.label}: ${c.diff.join(', ')}`).join('; ');
    throw new ConfitureError(
      'SYNC_REFUSED',
      `the source schema changed since the sync being resumed started, in tables still to copy: ${list}`,
      {
        table: changed[0]?.label,
        hint: `The target's tables were made from the schema as it was; resuming would write the new columns into them. ${fresh}`,
      },
    );
  }
}

/** What differs between two column lists of one table, in words (no value). */
export function columnChanges(before: RecordedColumn[], after: RecordedColumn[]): string[] {
  const changes: string[] = [];
  const old = new Map(before.map((c) => [c.name, c]));
  const now = new Map(after.map((c) => [c.name, c]));
  for (const c of before) if (!now.has(c.name)) changes.push(`column ${c.name} was dropped`);
  for (const c of after)
    if (!old.has(c.name)) changes.push(`column ${c.name} (${c.type}) was added`);
  for (const c of after) {
    const was = old.get(c.name);
    if (!was) continue;
    if (was.type !== c.type) changes.push(`column ${c.name} is ${c.type}, was ${was.type}`);
    if (was.notNull !== c.notNull)
      changes.push(
        `column ${c.name} is ${c.notNull ? 'NOT NULL' : 'nullable'}, was ${was.notNull ? 'NOT NULL' : 'nullable'}`,
      );
    if (was.generated !== c.generated)
      changes.push(`column ${c.name} is ${c.generated ? '' : 'no longer '}generated`);
    if (was.collation !== c.collation)
      changes.push(
        `column ${c.name} collates ${c.collation || 'by default'}, was ${was.collation || 'default'}`,
      );
  }
  const kept = (list: RecordedColumn[], other: Map<string, RecordedColumn>) =>
    list.filter((c) => other.has(c.name)).map((c) => c.name);
  if (changes.length === 0 && kept(before, now).join('\u0000') !== kept(after, old).join('\u0000'))
    changes.push(`columns are in another order (${after.map((c) => c.name).join(', ')})`);
  return changes;
}

async function readColumns(
  source: pg.ClientBase,
  tables: readonly QualifiedName[],
): Promise<Record<string, RecordedColumn[]>> {
  const { rows } = await source.query<{
    schema: string;
    table: string;
    name: string;
    type: string;
    not_null: boolean;
    generated: string;
    collation: string;
  }>(
    `SELECT t.schema, t.name AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, a.attgenerated::text AS generated,
            CASE WHEN a.attcollation <> ty.typcollation THEN coalesce(co.collname, '') ELSE '' END AS collation
       FROM unnest($1::text[], $2::text[]) AS t(schema, name)
       JOIN pg_namespace n ON n.nspname = t.schema
       JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.name
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       JOIN pg_type ty ON ty.oid = a.atttypid
       LEFT JOIN pg_collation co ON co.oid = a.attcollation
      ORDER BY t.schema, t.name, a.attnum`,
    [tables.map((t) => t.schema), tables.map((t) => t.name)],
  );
  const columns: Record<string, RecordedColumn[]> = {};
  for (const row of rows) {
    const label = formatQualifiedName({ schema: row.schema, name: row.table });
    (columns[label] ??= []).push({
      name: row.name,
      type: row.type,
      notNull: row.not_null,
      generated: row.generated,
      collation: row.collation,
    });
  }
  return columns;
}
