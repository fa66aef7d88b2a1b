import { ConfitureError } from '@confiture/domain';

/** Where a piece of profile SQL goes: a row filter (WHERE) or a column's value (SELECT list). */
export type SqlPlace = 'filter' | 'value';

/** The names an expression calls: functions (`schema.name` or `name`) and operators. */
export interface SqlNames {
  functions: string[];
  operators: string[];
}

/** A parse tree node of libpg-query: `{ NodeType: { ...fields } }`. */
type Node = Record<string, unknown>;

/** The SELECT clauses a bare expression produces; any other means the text escaped it. */
const WRAPPER_KEYS = new Set(['targetList', 'whereClause', 'limitOption', 'op']);
/** Clauses a subquery of a filter may use (`id IN (SELECT user_id FROM orders WHERE ...)`). */
const SUBQUERY_KEYS = new Set([
  'targetList',
  'fromClause',
  'whereClause',
  'groupClause',
  'havingClause',
  'distinctClause',
  'sortClause',
  'limitCount',
  'limitOffset',
  'limitOption',
  'op',
  'all',
]);

type Parser = { parseSync: (sql: string) => { stmts?: { stmt: Node }[] } };
let parser: Parser | undefined;

/**
 * Loads the PostgreSQL parser (libpg-query: PostgreSQL's own grammar compiled to WebAssembly), only
 * when a profile holds SQL, so a sync without filters or SQL strategies never pays for it.
 */
export async function loadSqlParser(): Promise<void> {
  if (parser) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require('libpg-query') as Parser & { loadModule: () => Promise<void> };
  await module.loadModule();
  parser = module;
}

/**
 * Checks that `sql` is one expression and nothing more, by PostgreSQL's own grammar: a filter is
 * parsed as `SELECT 1 WHERE (<sql>)`, a value as `SELECT (<sql>)`, as the sync embeds them, and the
 * result must be exactly that
 * statement (text such as `true) UNION ALL SELECT ... WHERE (true` or `...; DROP ...` parses as
 * something else and is refused). Inside, no data-modifying or locking construct, no `FROM` function
 * and, in a value, no subquery (a filter may use subqueries to pick rows; a value must not pull
 * other tables' data into the column). Returns the functions and operators the expression names,
 * which {@link checkFunctionSafety} checks against the source's catalog. `where` names the YAML
 * path for errors; the SQL itself is never quoted in them (it may hold values).
 */
export function checkSqlShape(
  sql: string,
  place: SqlPlace,
  where: { file?: string; path: string },
): SqlNames {
  if (!parser) throw new Error('loadSqlParser() must be awaited first');
  const refuse = (what: string, hint?: string) =>
    new ConfitureError('PLAN_INVALID', what, {
      ...(where.file ? { file: where.file } : {}),
      path: where.path,
      hint:
        hint ??
        (place === 'filter'
          ? "A filter is one boolean expression over the table’s columns, e.g. created_at > now() - interval '90 days'."
          : "A SQL strategy is one expression over the column, e.g. '****' || right({column}, 4)."),
    });
  let tree: { stmts?: { stmt: Node }[] };
  try {
    // Parenthesized exactly as the sync embeds it (source-select.ts, row-counts.ts), so the text
    // is checked in the very context it will run in.
    tree = parser.parseSync(place === 'filter' ? `SELECT 1 WHERE (${sql})` : `SELECT (${sql})`);
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    throw refuse(`not a valid SQL expression (${message.split('\n')[0]})`);
  }
  const stmts = tree.stmts ?? [];
  const select =
    stmts.length === 1 ? (stmts[0]?.stmt['SelectStmt'] as Node | undefined) : undefined;
  if (!select) throw refuse('holds more than one expression (a `;` or a statement)');
  if (select['op'] !== 'SETOP_NONE') {
    throw refuse('escapes its expression into a UNION/INTERSECT/EXCEPT of another query');
  }
  const extra = Object.keys(select).filter((k) => !WRAPPER_KEYS.has(k));
  const targets = (select['targetList'] as Node[] | undefined) ?? [];
  if (extra.length > 0 || targets.length !== 1) {
    throw refuse(`escapes its expression (it adds ${extra.join(', ') || 'select-list items'})`);
  }
  if (place === 'value' && select['whereClause'] !== undefined) {
    throw refuse('escapes its expression (it adds a WHERE clause)');
  }
  const names: SqlNames = { functions: [], operators: [] };
  const root = place === 'filter' ? select['whereClause'] : targets[0];
  walk(root, { place, names, refuse });
  names.functions = [...new Set(names.functions)].sort();
  names.operators = [...new Set(names.operators)].sort();
  return names;
}

interface WalkContext {
  place: SqlPlace;
  names: SqlNames;
  refuse: (what: string, hint?: string) => ConfitureError;
}

function walk(node: unknown, context: WalkContext): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, context);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [type, value] of Object.entries(node as Node)) {
    visit(type, value, context);
    walk(value, context);
  }
}

function visit(type: string, value: unknown, context: WalkContext): void {
  const fields = (value ?? {}) as Node;
  switch (type) {
    case 'FuncCall':
      context.names.functions.push(nameOf(fields['funcname']));
      return;
    case 'A_Expr':
      if (fields['name']) context.names.operators.push(nameOf(fields['name']));
      return;
    case 'SubLink':
      if (context.place === 'value') {
        throw context.refuse(
          'holds a subquery: a value may use only its own row',
          'Compute the value from the column itself; join data belongs in the source, not in a profile.',
        );
      }
      checkSubquery((fields['subselect'] as Node | undefined)?.['SelectStmt'] as Node, context);
      return;
    case 'RangeFunction':
    case 'RangeTableFunc':
    case 'RangeTableSample':
      throw context.refuse('reads from a function or a sample in FROM');
    case 'LockingClause':
    case 'IntoClause':
    case 'WithClause':
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'MergeStmt':
      throw context.refuse('holds a statement or clause that is not an expression');
    default:
      return;
  }
}

function checkSubquery(select: Node | undefined, context: WalkContext): void {
  if (!select) throw context.refuse('holds a subquery that is not a plain SELECT');
  if (select['op'] !== 'SETOP_NONE') {
    throw context.refuse('holds a UNION/INTERSECT/EXCEPT subquery');
  }
  const extra = Object.keys(select).filter((k) => !SUBQUERY_KEYS.has(k));
  if (extra.length > 0) {
    throw context.refuse(`holds a subquery with ${extra.join(', ')}`);
  }
}

/** `[{String: {sval: 'pg_catalog'}}, {String: {sval: 'lower'}}]` → `pg_catalog.lower`. */
function nameOf(list: unknown): string {
  return ((list as Node[] | undefined) ?? [])
    .map((part) => ((part['String'] as Node | undefined)?.['sval'] as string | undefined) ?? '')
    .join('.');
}
