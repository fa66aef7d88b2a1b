import { ConfitureError, quoteLiteral } from '@confiture/domain';
import { findPiiInText, type TextKind } from '@confiture/strategies';
import type pg from 'pg';
import { inSavepoint, notExtensionMemberCondition, userSchemaCondition } from '@confiture/sync';
import { holdsPersonName } from './person-name-text';

/** Where in a schema, outside the rows, personal data can sit. */
export type CatalogSurface =
  'comment' | 'enum label' | 'column default' | 'view definition' | 'function body' | 'object name';

/** PII found in one catalog object: what, where and which kinds; never the text itself. */
export interface CatalogPiiFinding {
  surface: CatalogSurface;
  /**
   * The object as PostgreSQL identifies it (`public.users.email`, `public.f(integer)`); for a name
   * that is itself personal data, its oid and how to look it up.
   */
  object: string;
  /** For comments: PostgreSQL's object type (`table column`, `view`...), for COMMENT ON. */
  objectType?: string;
  kinds: (TextKind | 'person_name')[];
}

/** Surfaces whose text is prose a person wrote: every kind, names included. */
const PROSE_KINDS: readonly TextKind[] = [
  'email',
  'card_number',
  'iban',
  'national_id',
  'phone',
  'ip_address',
  'postal_address',
];
/**
 * Surfaces that are code or identifiers: kinds that are personal whatever the context. IP
 * addresses and host names in code are configuration, not people; names are identifiers.
 */
const CODE_KINDS: readonly TextKind[] = ['email', 'card_number', 'iban', 'national_id', 'phone'];

/** Schemas of the user's own (not PostgreSQL's, not Confiture's): the sync's own definition. */
const USER_SCHEMA = userSchemaCondition('n');

interface CatalogText {
  surface: CatalogSurface;
  object: string;
  object_type?: string;
  text: string;
}

const QUERIES: readonly [CatalogSurface, string][] = [
  // Comments on any object of a user schema (columns included).
  [
    'comment',
    `SELECT 'comment' AS surface, o.identity AS object, o.type AS object_type, d.description AS text
     FROM pg_description d, LATERAL pg_identify_object(d.classoid, d.objoid, d.objsubid) o
     LEFT JOIN pg_namespace n
            ON n.nspname = coalesce(o.schema, CASE WHEN o.type = 'schema' THEN o.identity END)
    WHERE (n.oid IS NULL OR (${USER_SCHEMA}))
      AND NOT EXISTS (SELECT 1 FROM pg_depend e
                       WHERE e.classid = d.classoid AND e.objid = d.objoid AND e.deptype = 'e')`,
  ],
  [
    'enum label',
    `SELECT 'enum label' AS surface, format('%I.%I', n.nspname, t.typname) AS object, e.enumlabel AS text
     FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE ${USER_SCHEMA} AND ${notExtensionMemberCondition('pg_type', 't.oid')}`,
  ],
  [
    'column default',
    `SELECT 'column default' AS surface, format('%I.%I.%I', n.nspname, c.relname, a.attname) AS object,
          pg_get_expr(ad.adbin, ad.adrelid) AS text
     FROM pg_attrdef ad
     JOIN pg_class c ON c.oid = ad.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
    WHERE ${USER_SCHEMA} AND ${notExtensionMemberCondition('pg_class', 'c.oid')}`,
  ],
  [
    'view definition',
    `SELECT 'view definition' AS surface, format('%I.%I', n.nspname, c.relname) AS object, pg_get_viewdef(c.oid) AS text
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('v', 'm') AND ${USER_SCHEMA}
      AND ${notExtensionMemberCondition('pg_class', 'c.oid')}`,
  ],
  [
    'function body',
    `SELECT 'function body' AS surface,
          format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS object, p.prosrc AS text
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
    WHERE l.lanname NOT IN ('c', 'internal') AND ${USER_SCHEMA}
      AND ${notExtensionMemberCondition('pg_proc', 'p.oid')}`,
  ],
  // Names: schemas, relations, columns, functions, types, constraints. The name is the finding,
  // so the object is given by its oid (and how to look it up), never by name.
  [
    'object name',
    `SELECT 'object name' AS surface, format('schema (oid %s)', n.oid) AS object, n.nspname::text AS text
     FROM pg_namespace n WHERE ${USER_SCHEMA}
   UNION ALL
   SELECT 'object name', format('relation (oid %s: SELECT %s::regclass)', c.oid, c.oid), c.relname::text
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${USER_SCHEMA}
   UNION ALL
   SELECT 'object name', format('column %s of relation (oid %s)', a.attnum, c.oid), a.attname::text
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND ${USER_SCHEMA}
   UNION ALL
   SELECT 'object name', format('function (oid %s: SELECT %s::regprocedure)', p.oid, p.oid), p.proname::text
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE ${USER_SCHEMA}
   UNION ALL
   SELECT 'object name', format('type (oid %s: SELECT %s::regtype)', t.oid, t.oid), t.typname::text
     FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE t.typrelid = 0 AND t.typcategory <> 'A'
      AND ${USER_SCHEMA}
   UNION ALL
   SELECT 'object name', format('constraint (oid %s) of relation (oid %s)', co.oid, co.conrelid), co.conname::text
     FROM pg_constraint co JOIN pg_namespace n ON n.oid = co.connamespace JOIN pg_class r ON r.oid = co.conrelid
    WHERE co.conrelid <> 0 AND ${USER_SCHEMA}`,
  ],
];

/** Longest text of one catalog object examined (a function body can be long). */
const MAX_TEXT = 1_000_000;

/**
 * Looks for personal data in a database's schema itself, outside the rows: comments, enum
 * labels, column defaults, view definitions, function bodies and object names. Prose (comments,
 * enum labels) is searched for every kind, person names included; code and names only for kinds
 * that are personal in any context (emails, cards, IBANs, national ids, phone numbers). Reads the
 * catalog only; returns where and what, never the text.
 */
export async function findCatalogPii(
  client: pg.ClientBase,
  transaction: 'plain' | 'savepoints' = 'plain',
  surfaces?: readonly CatalogSurface[],
): Promise<CatalogPiiFinding[]> {
  const findings: CatalogPiiFinding[] = [];
  for (const [surface, sql] of QUERIES) {
    if (surfaces && !surfaces.includes(surface)) continue;
    const rows = await readTexts(client, sql, transaction);
    for (const row of rows) {
      if (!row.text) continue;
      const kinds = kindsIn(row.surface, row.text.slice(0, MAX_TEXT));
      if (kinds.length === 0) continue;
      findings.push({
        surface: row.surface,
        object: row.object,
        ...(row.object_type ? { objectType: row.object_type } : {}),
        kinds,
      });
    }
  }
  return findings;
}

/** Rows of one catalog query; in `savepoints` mode a failing query leaves the transaction usable. */
async function readTexts(
  client: pg.ClientBase,
  sql: string,
  transaction: 'plain' | 'savepoints',
): Promise<CatalogText[]> {
  const read = async () => (await client.query<CatalogText>(sql)).rows;
  return transaction === 'plain' ? read() : inSavepoint(client, 'confiture_catalog_pii', read);
}

/** Mailboxes of a role, not a person (`noreply@`, `support@`): in code they are configuration. */
const ROLE_MAILBOX =
  /^(no-?reply|do-?not-?reply|support|admin|administrator|info|contact|hello|help|sales|billing|postmaster|webmaster|hostmaster|abuse|security|privacy|dpo|team|root|mailer-daemon)@/i;

function kindsIn(surface: CatalogSurface, text: string): CatalogPiiFinding['kinds'] {
  const prose = surface === 'comment' || surface === 'enum label';
  const matches = findPiiInText(text, prose ? PROSE_KINDS : CODE_KINDS).filter(
    (m) => prose || m.kind !== 'email' || !ROLE_MAILBOX.test(text.slice(m.start, m.end)),
  );
  const kinds = new Set<CatalogPiiFinding['kinds'][number]>(matches.map((m) => m.kind));
  if (prose && holdsPersonName(text)) kinds.add('person_name');
  return [...kinds].sort();
}

/** `email, person name`: the kinds a finding holds, as words. */
function kindList(finding: CatalogPiiFinding): string {
  return finding.kinds.map((k) => k.replace(/_/g, ' ')).join(', ');
}

/** `comment on table column public.users.id holds email`, `enum label of public.kind holds email`. */
export function describeCatalogFinding(finding: CatalogPiiFinding): string {
  const where =
    finding.surface === 'comment'
      ? `comment on ${finding.objectType ?? 'object'} ${finding.object}`
      : finding.surface === 'object name'
        ? `the name of ${finding.object}`
        : `${finding.surface} of ${finding.object}`;
  return `${where} holds ${kindList(finding)}`;
}

/** The `COMMENT ON` target for an object as `pg_identify_object` names it. */
function commentTarget(finding: CatalogPiiFinding): string {
  const type = finding.objectType ?? '';
  if (type.endsWith(' column')) return `COLUMN ${finding.object}`;
  if (type === 'table constraint') return `CONSTRAINT ${finding.object}`;
  if (type === 'domain constraint')
    return `CONSTRAINT ${finding.object.replace(' on ', ' ON DOMAIN ')}`;
  if (type === 'composite type') return `TYPE ${finding.object}`;
  return `${type.toUpperCase()} ${finding.object}`;
}

/**
 * Replaces, in the target, each comment that held personal data by a note saying what it held
 * (the target's schema is the source's, so the objects have the same identities). A comment that
 * cannot be replaced fails the sync: the copy must not keep it.
 */
export async function scrubComments(
  target: pg.ClientBase,
  findings: readonly CatalogPiiFinding[],
): Promise<number> {
  let scrubbed = 0;
  for (const finding of findings) {
    if (finding.surface !== 'comment') continue;
    const note = `comment removed by Confiture: it held ${kindList(finding)}`;
    try {
      await target.query(`COMMENT ON ${commentTarget(finding)} IS ${quoteLiteral(note)}`);
    } catch (error) {
      throw new ConfitureError(
        'SYNC_FAILED',
        `could not replace the comment on ${finding.objectType} ${finding.object} in the target: ${(error as Error).message}`,
        {
          hint: 'Remove the personal data from that comment in the source (COMMENT ON ... IS NULL) and sync again.',
        },
      );
    }
    scrubbed++;
  }
  return scrubbed;
}
