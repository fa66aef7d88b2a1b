import {
  formatQualifiedName,
  quoteIdent,
  quoteLiteral,
  quoteQualified,
  type CapturedToken,
  type QualifiedName,
} from '@confiture/domain';
import { compileTableTransform, type CompiledTableTransform } from '@confiture/performance';
import type { HmacBackend } from '@confiture/strategies';
import type pg from 'pg';
import type { CatalogForeignKey, CatalogTable, DatabaseCatalog } from '../catalog';
import { copyChunk } from '../data/copy-chunk';
import { copyFormat, selectList } from '../data/source-select';
import { transformSpec } from '../data/transform-spec';
import type { SyncPlan, TablePlan } from '../plan/plan';
import type { RuleSeeds } from '../preflight/seeds';

/** Rows a table gained because rows of other tables (or its own) referenced them. */
export type ParentCounts = Map<string, number>;

/** What pulling parents needs. */
export interface IncludeParentsInput {
  plan: SyncPlan;
  catalog: DatabaseCatalog;
  /** A source session in the run's snapshot (the coordinator). */
  source: pg.ClientBase;
  target: pg.ClientBase;
  seeds: RuleSeeds;
  hmacBackend: HmacBackend;
  /** Source and target run the same major version (binary COPY possible). */
  sameMajorVersion: boolean;
  /** Stores the originals of tokens made while anonymizing pulled rows. */
  storeTokens: (tokens: CapturedToken[]) => Promise<void>;
}

/** Referenced keys looked up in the source at a time (inlined into the COPY's SELECT). */
const KEY_BATCH = 5000;

/** One foreign key whose child follows `on_orphans: include_parents`. */
interface Edge {
  child: CatalogTable;
  fk: CatalogForeignKey;
  /** The leaf tables (the parent itself, or its partitions) that can receive its rows. */
  leaves: TablePlan[];
}

/**
 * Enforces `on_orphans: include_parents` in the target, before orphans are removed and foreign
 * keys created: for every foreign key of a table under that policy, the referenced rows its
 * copied rows point to but the target lacks are read from the source, in the run's snapshot,
 * through the same SELECT list and anonymization as the data phase, and added. Rows added so
 * reference others in turn, so this repeats until nothing is missing (a fixed point: every pass
 * only adds rows the target does not hold, so cycles and self-references end). Tables that get no
 * rows (`exclude_tables`, `--tables`) are not filled: rows referencing them are left to
 * the orphan removal that follows.
 *
 * Keys are compared as the target holds them: a foreign key whose columns are rewritten by a
 * strategy cannot be followed (the planner refuses it, see {@link includeParentsProblems}).
 *
 * @returns rows added per leaf table (`schema.table`)
 */
export async function includeParents(input: IncludeParentsInput): Promise<ParentCounts> {
  const { plan, catalog, target } = input;
  const counts: ParentCounts = new Map();
  const edges = parentEdges(plan, catalog);
  if (edges.length === 0) return counts;
  const transforms = new Map<string, CompiledTableTransform | undefined>();
  const transformFor = (table: TablePlan) => {
    const label = formatQualifiedName(table.name);
    if (!transforms.has(label)) {
      const spec = transformSpec(table, input.seeds, input.hmacBackend);
      transforms.set(label, spec ? compileTableTransform(spec) : undefined);
    }
    return transforms.get(label);
  };
  // Tables (and their partitioned ancestors) that gained rows in the last pass: only foreign keys
  // of those can point at rows still missing. The first pass looks at every edge.
  let changed: Set<string> | undefined;
  while (changed === undefined || changed.size > 0) {
    const gained = new Set<string>();
    for (const edge of edges) {
      if (changed && !changed.has(formatQualifiedName(edge.child.name))) continue;
      for (;;) {
        const keys = await missingKeys(target, edge);
        if (keys.length === 0) break;
        let added = 0;
        for (let i = 0; i < keys.length; i += KEY_BATCH) {
          const batch = keys.slice(i, i + KEY_BATCH);
          for (const leaf of edge.leaves) {
            const rows = await copyParents(input, leaf, edge, batch, transformFor(leaf));
            if (rows === 0) continue;
            added += rows;
            const label = formatQualifiedName(leaf.name);
            counts.set(label, (counts.get(label) ?? 0) + rows);
            for (const name of withAncestors(catalog, leaf.name)) gained.add(name);
          }
        }
        // Keys the source does not hold either (cannot happen in one snapshot unless the
        // table's own filter on the target differs): leave them to the orphan removal.
        if (added === 0) break;
        // A self-reference: the rows just added may point at rows still missing.
        if (!sameTable(edge.child.name, edge.fk.references)) break;
      }
    }
    changed = gained;
  }
  return counts;
}

/**
 * The problems that make `include_parents` unsafe for a plan: a foreign key it must follow whose
 * columns (on either side) a strategy rewrites, so the keys in the target no longer name source rows.
 */
export function includeParentsProblems(
  plan: SyncPlan,
  catalog: DatabaseCatalog,
): { table: string; message: string }[] {
  const problems: { table: string; message: string }[] = [];
  const rewritten = (name: QualifiedName, column: string) =>
    plan.tables.some(
      (t) =>
        (sameTable(t.name, name) ||
          ancestorsOf(catalog, t.catalog).some((a) => sameTable(a, name))) &&
        t.columns.some(
          (c) =>
            c.name === column &&
            (c.sql !== undefined || (c.rule !== undefined && c.rule.type !== 'preserve')),
        ),
    );
  for (const { child, fk } of parentEdges(plan, catalog)) {
    const childSide = fk.columns.filter((c) => rewritten(child.name, c));
    const parentSide = fk.referencedColumns.filter((c) => rewritten(fk.references, c));
    if (childSide.length === 0 && parentSide.length === 0) continue;
    const columns = [
      ...childSide.map((c) => `${formatQualifiedName(child.name)}.${c}`),
      ...parentSide.map((c) => `${formatQualifiedName(fk.references)}.${c}`),
    ];
    problems.push({
      table: formatQualifiedName(child.name),
      message: `on_orphans: include_parents cannot follow foreign key ${fk.name} of ${formatQualifiedName(child.name)}: its key column${columns.length > 1 ? 's' : ''} ${columns.join(', ')} ${columns.length > 1 ? 'are' : 'is'} rewritten by a strategy`,
    });
  }
  return problems;
}

/** The foreign keys to follow: child under include_parents, parent receiving rows but not all. */
function parentEdges(plan: SyncPlan, catalog: DatabaseCatalog): Edge[] {
  const edges: Edge[] = [];
  for (const child of catalog.tables) {
    if (child.foreignKeys.length === 0) continue;
    const childPlans = leavesOf(plan, catalog, child.name);
    // A partitioned child follows the policy of its partitions (they share the profile entry).
    if (!childPlans.some((t) => t.onOrphans === 'include_parents' && !t.excluded)) continue;
    for (const fk of child.foreignKeys) {
      const leaves = leavesOf(plan, catalog, fk.references).filter((t) => !t.excluded);
      // A parent copied whole (no filter, no sample) already holds every row it has.
      if (!leaves.some((t) => t.filter !== undefined || t.sample !== undefined)) continue;
      edges.push({ child, fk, leaves });
    }
  }
  return edges;
}

/** The plan tables that hold a table's rows: itself, or its leaf partitions. */
function leavesOf(plan: SyncPlan, catalog: DatabaseCatalog, name: QualifiedName): TablePlan[] {
  return plan.tables.filter(
    (t) =>
      sameTable(t.name, name) || ancestorsOf(catalog, t.catalog).some((a) => sameTable(a, name)),
  );
}

function ancestorsOf(catalog: DatabaseCatalog, table: CatalogTable): QualifiedName[] {
  const result: QualifiedName[] = [];
  let current: CatalogTable | undefined = table;
  while (current?.parent) {
    result.push(current.parent);
    const parent: QualifiedName = current.parent;
    current = catalog.tables.find((t) => sameTable(t.name, parent));
  }
  return result;
}

function withAncestors(catalog: DatabaseCatalog, name: QualifiedName): string[] {
  const table = catalog.tables.find((t) => sameTable(t.name, name));
  return [name, ...(table ? ancestorsOf(catalog, table) : [])].map(formatQualifiedName);
}

function sameTable(a: QualifiedName, b: QualifiedName): boolean {
  return a.schema === b.schema && a.name === b.name;
}

/** Distinct referenced keys (as text) that child rows in the target hold and the parent lacks. */
async function missingKeys(target: pg.ClientBase, edge: Edge): Promise<(string | null)[][]> {
  const { child, fk } = edge;
  // MATCH SIMPLE: a key with a NULL column references nothing.
  const notNull = fk.columns.map((c) => `c.${quoteIdent(c)} IS NOT NULL`).join(' AND ');
  const matches = fk.columns
    .map((c, i) => `p.${quoteIdent(fk.referencedColumns[i]!)} = c.${quoteIdent(c)}`)
    .join(' AND ');
  const keys = fk.columns.map((c, i) => `c.${quoteIdent(c)}::text AS k${i}`).join(', ');
  const { rows } = await target.query<Record<string, string | null>>({
    text: `SELECT DISTINCT ${keys} FROM ${quoteQualified(child.name)} AS c
            WHERE ${notNull}
              AND NOT EXISTS (SELECT 1 FROM ${quoteQualified(fk.references)} AS p WHERE ${matches})`,
  });
  return rows.map((row) => fk.columns.map((_, i) => row[`k${i}`] ?? null));
}

/** Copies the rows of `leaf` whose referenced columns hold one of `keys`; returns how many. */
async function copyParents(
  input: IncludeParentsInput,
  leaf: TablePlan,
  edge: Edge,
  keys: (string | null)[][],
  transform: CompiledTableTransform | undefined,
): Promise<number> {
  const { fk } = edge;
  const types = fk.referencedColumns.map((name) => {
    const column = leaf.catalog.columns.find((c) => c.name === name);
    if (!column) throw new Error(`column ${name} of ${formatQualifiedName(leaf.name)} not found`);
    return column.type;
  });
  const arrays = fk.referencedColumns.map(
    (_, i) => `ARRAY[${keys.map((k) => quoteLiteral(k[i]!)).join(', ')}]::text[]`,
  );
  const columns = fk.referencedColumns.map((c) => `t.${quoteIdent(c)}`).join(', ');
  const casts = fk.referencedColumns.map((_, i) => `k.k${i}::${types[i]}`).join(', ');
  const names = fk.referencedColumns.map((_, i) => `k${i}`).join(', ');
  const select = `SELECT ${selectList(leaf, 't')} FROM ONLY ${quoteQualified(leaf.name)} AS t
    WHERE (${columns}) IN (SELECT ${casts} FROM unnest(${arrays.join(', ')}) AS k(${names}))`;
  const tokens: CapturedToken[] = [];
  const result = await copyChunk(input.source, input.target, {
    select,
    target: leaf.name,
    columns: leaf.columns.map((c) => c.name),
    format: transform ? 'text' : copyFormat(leaf, input.sameMajorVersion),
    ...(transform
      ? {
          transform: async (rows: Buffer) => {
            const out = transform(rows);
            if (out.tokens.length > 0) tokens.push(...out.tokens);
            return out;
          },
        }
      : {}),
  });
  await input.storeTokens(tokens);
  return result.rows;
}
