import { ConfitureError } from '@confiture/domain';
import type { SchemaNode } from './schema-node';
import type { SchemaObjectKind, SchemaPhase, SchemaStatement } from './schema-statement';

/**
 * Creation priority when several statements are free to run, like pg_dump's object type priority.
 * Dependencies always win; this only makes the order readable and stable.
 */
const KIND_RANK: Record<SchemaObjectKind, number> = {
  schema: 0,
  extension: 1,
  language: 2,
  collation: 3,
  type: 4,
  function: 5,
  aggregate: 6,
  operator: 7,
  'access-method': 8,
  'operator-family': 9,
  'operator-class': 10,
  conversion: 11,
  cast: 12,
  transform: 13,
  'text-search': 14,
  'foreign-data-wrapper': 15,
  'foreign-server': 16,
  sequence: 17,
  table: 18,
  partition: 19,
  'foreign-table': 20,
  'column-default': 21,
  'column-setting': 22,
  'table-setting': 23,
  'sequence-owned-by': 24,
  view: 25,
  'materialized-view': 26,
  check: 30,
  'primary-key': 31,
  unique: 32,
  exclusion: 33,
  index: 34,
  'index-attach': 35,
  'foreign-key': 36,
  statistics: 37,
  trigger: 38,
  'trigger-state': 39,
  rule: 40,
  'rule-state': 41,
  policy: 42,
  'row-security': 43,
  comment: 50,
  'refresh-materialized-view': 60,
};

/**
 * Orders statements so that each runs after everything it depends on: all pre-data first, then
 * post-data. A pre-data object that depends on a post-data one (a view relying on a primary key
 * for GROUP BY, as pg_dump's "postponed" views) moves to post-data, and so does what depends on it.
 * Ties are broken by kind, then by label and SQL, so equal schemas give equal lists.
 */
export function orderStatements(nodes: readonly SchemaNode[]): SchemaStatement[] {
  const byKey = new Map<string, SchemaNode>();
  for (const node of nodes) {
    if (byKey.has(node.key)) {
      throw new ConfitureError('INTERNAL', `schema object read twice: ${node.key}`);
    }
    byKey.set(node.key, node);
  }
  const prerequisites = new Map<SchemaNode, SchemaNode[]>();
  for (const node of nodes) {
    const found = new Set<SchemaNode>();
    for (const key of node.dependsOn) {
      const dependency = byKey.get(key);
      if (dependency && dependency !== node) found.add(dependency);
    }
    prerequisites.set(node, [...found]);
  }
  const phase = effectivePhases(nodes, prerequisites);

  const dependents = new Map<SchemaNode, SchemaNode[]>();
  const waitingFor = new Map<SchemaNode, number>();
  for (const node of nodes) {
    const before = prerequisites.get(node)!;
    waitingFor.set(node, before.length);
    for (const dependency of before) {
      const list = dependents.get(dependency);
      if (list) list.push(node);
      else dependents.set(dependency, [node]);
    }
  }

  const position = new Map<string, number>();
  const sortKey = (node: SchemaNode): SortKey => {
    const creation = node.inCreationOrderOf ? position.get(node.inCreationOrderOf) : undefined;
    return [
      phase.get(node) === 'pre-data' ? 0 : 1,
      KIND_RANK[node.statement.kind],
      creation ?? -1,
      node.statement.object,
      node.statement.sql,
    ];
  };
  const ready = new Heap<SchemaNode>(sortKey);
  for (const node of nodes) if (waitingFor.get(node) === 0) ready.push(node);

  const ordered: SchemaStatement[] = [];
  for (let node = ready.pop(); node; node = ready.pop()) {
    position.set(node.key, ordered.length);
    ordered.push({ ...node.statement, phase: phase.get(node)! });
    for (const dependent of dependents.get(node) ?? []) {
      const left = waitingFor.get(dependent)! - 1;
      waitingFor.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  if (ordered.length < nodes.length) {
    const stuck = nodes.filter((node) => waitingFor.get(node)! > 0);
    throw new ConfitureError(
      'SYNC_FAILED',
      `circular dependency between ${stuck.length} schema objects: ${stuck
        .slice(0, 6)
        .map((node) => `${node.statement.kind} ${node.statement.object}`)
        .join(', ')}${stuck.length > 6 ? ', ...' : ''}`,
      {
        hint: 'Such a cycle (e.g. a CHECK constraint calling a function that takes the table row) cannot be recreated statement by statement; break it in the source schema.',
      },
    );
  }
  return ordered;
}

/** A node's phase, moved to post-data when anything it needs is post-data. */
function effectivePhases(
  nodes: readonly SchemaNode[],
  prerequisites: Map<SchemaNode, SchemaNode[]>,
): Map<SchemaNode, SchemaPhase> {
  const phase = new Map<SchemaNode, SchemaPhase>(nodes.map((n) => [n, n.statement.phase]));
  let changed = true;
  while (changed) {
    changed = false;
    for (const node of nodes) {
      if (phase.get(node) === 'post-data') continue;
      if (prerequisites.get(node)!.some((dependency) => phase.get(dependency) === 'post-data')) {
        phase.set(node, 'post-data');
        changed = true;
      }
    }
  }
  return phase;
}

type SortKey = [number, number, number, string, string];

function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/** A binary min-heap; the schema of a large database has tens of thousands of statements. */
class Heap<T> {
  private readonly items: { key: SortKey; value: T }[] = [];

  constructor(private readonly keyOf: (value: T) => SortKey) {}

  push(value: T): void {
    const items = this.items;
    items.push({ key: this.keyOf(value), value });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compareKeys(items[i]!.key, items[parent]!.key) >= 0) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && compareKeys(items[left]!.key, items[smallest]!.key) < 0) {
          smallest = left;
        }
        if (right < items.length && compareKeys(items[right]!.key, items[smallest]!.key) < 0) {
          smallest = right;
        }
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest]!, items[i]!];
        i = smallest;
      }
    }
    return top?.value;
  }
}
