import type { ReadContext, SchemaNode } from './schema-node';
import { FIRST_NORMAL_OID } from './extensions';

/**
 * Adds to each node what pg_depend says the objects it creates depend on (a view on the tables it
 * reads, a table on the types, sequences and functions of its columns, a foreign key on the
 * referenced key, ...), through `represents` for objects created as part of another node.
 * Dependencies on objects that are not copied (system objects) are dropped; on an extension's
 * objects, they become dependencies on the extension.
 */
export async function linkDependencies(
  { client }: ReadContext,
  nodes: readonly SchemaNode[],
  represents: ReadonlyMap<string, string>,
  redirects: ReadonlyArray<readonly [string, string, string]> = [],
): Promise<void> {
  const edges = await client.query<{ dependent: string; referenced: string }>(
    `SELECT d.classid::regclass::text || ':' || d.objid AS dependent,
            d.refclassid::regclass::text || ':' || d.refobjid AS referenced
       FROM pg_depend d
      WHERE d.objid >= ${FIRST_NORMAL_OID} AND d.deptype IN ('n', 'a', 'i')
        AND (d.refobjid >= ${FIRST_NORMAL_OID} OR d.refclassid = 'pg_namespace'::regclass)
        -- a sequence OWNED BY a column: the column's default needs the sequence first
        AND NOT (d.classid = 'pg_class'::regclass AND d.deptype = 'a'
                 AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid <> 0
                 AND EXISTS (SELECT 1 FROM pg_class s WHERE s.oid = d.objid AND s.relkind = 'S'))`,
  );
  // An array type (and a multirange's) stands for its element type.
  const arrays = await client.query<{ array_type: string; element: string }>(
    `SELECT 'pg_type:' || t.oid AS array_type, 'pg_type:' || t.typelem AS element
       FROM pg_type t
      WHERE t.oid >= ${FIRST_NORMAL_OID} AND t.typelem <> 0 AND t.typcategory = 'A'`,
  );
  const aliases = new Map(represents);
  for (const row of arrays.rows)
    if (!aliases.has(row.array_type)) aliases.set(row.array_type, row.element);

  const byKey = new Map(nodes.map((node) => [node.key, node]));
  const resolve = (key: string): string | undefined => {
    let current = key;
    for (let hop = 0; hop < 8; hop++) {
      if (byKey.has(current)) return current;
      const next = aliases.get(current);
      if (next === undefined) return undefined;
      current = next;
    }
    return undefined;
  };
  const instead = new Map(redirects.map(([from, to, by]) => [`${from} ${to}`, by]));
  const needed = (dependent: string, referenced: string) =>
    instead.get(`${dependent} ${referenced}`) ?? referenced;
  // The prerequisites the readers named may stand for other nodes too.
  for (const node of nodes) {
    node.dependsOn = node.dependsOn.flatMap((key) => {
      const referenced = resolve(key);
      return referenced ? [needed(node.key, referenced)] : [];
    });
  }
  for (const edge of edges.rows) {
    const dependent = resolve(edge.dependent);
    const referenced = resolve(edge.referenced);
    if (dependent && referenced && dependent !== referenced) {
      byKey.get(dependent)!.dependsOn.push(needed(dependent, referenced));
    }
  }
}
