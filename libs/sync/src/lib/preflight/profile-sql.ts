import {
  ConfitureError,
  formatQualifiedName,
  quoteQualified,
  type Profile,
} from '@confiture/domain';
import type pg from 'pg';
import { chunkSelect } from '../data/source-select';
import {
  ruleAppliedInStream,
  type PlannedColumn,
  type TablePlan,
  type SyncPlan,
} from '../plan/plan';

/**
 * Asks the source to plan every piece of SQL the data phase will send, before anything is written:
 * each table's `filter:` (one self-contained expression: no `;`, its parentheses balanced), each SQL
 * strategy's expression (`custom`, `aggregate` and its `group_by`), each constant output a strategy
 * writes (a `redact` replacement must be valid input for the column's type: a composite, enum or
 * domain column rejects most texts), then the whole SELECT of each table the profile adds SQL to. Each is EXPLAINed (never
 * run) in a savepoint of the source's read-only snapshot transaction, over the extended protocol
 * (one statement only). Every problem is collected and thrown at once as PLAN_INVALID, naming the
 * table and the YAML path.
 */
export async function checkProfileSql(
  source: pg.ClientBase,
  plan: SyncPlan,
  profile: Profile,
): Promise<void> {
  const problems: ConfitureError[] = [];
  for (const table of plan.tables) {
    if (table.excluded) continue;
    const before = problems.length;
    const entry = profile.tables.find((t) => t.key === table.profileKey);
    const tableLabel = formatQualifiedName(table.name);
    const where = (path: string | undefined) => ({
      ...(profile.file ? { file: profile.file } : {}),
      ...(path ? { path } : {}),
      table: tableLabel,
    });
    if (table.filter !== undefined) {
      const path = entry ? `${entry.path}.filter` : undefined;
      const shape = filterShapeProblem(table.filter);
      const failure = shape
        ? shape
        : await planError(source, `SELECT 1 FROM ${from(table)} WHERE (${table.filter})`).then(
            (e) => (e === undefined ? undefined : `does not plan on the source: ${e}`),
          );
      if (failure !== undefined) {
        problems.push(
          new ConfitureError('PLAN_INVALID', `the filter of ${tableLabel} ${failure}`, {
            ...where(path),
            hint: 'A filter is one SQL boolean expression over the table’s columns (the table is aliased t), as in a WHERE clause: no `;`, no unbalanced parentheses.',
          }),
        );
      }
    }
    for (const column of table.columns) {
      const rule = column.rule;
      if (!rule) continue;
      if (column.sql !== undefined) {
        const failure = await planError(
          source,
          `SELECT (${column.sql})::${column.catalog.type} FROM ${from(table)}`,
        );
        if (failure !== undefined) {
          problems.push(
            new ConfitureError(
              'PLAN_INVALID',
              `the ${rule.type} rule on ${tableLabel}.${column.name} does not plan on the source: ${failure}`,
              {
                ...where(rule.path),
                hint:
                  rule.type === 'aggregate'
                    ? 'Check group_by: it names columns of the same table.'
                    : 'The expression must be valid SQL over the table’s columns (aliased t).',
              },
            ),
          );
        }
        continue;
      }
      const constant = constantOutput(column);
      if (constant === undefined) continue;
      const failure = await planError(source, castSql(column), [constant]);
      if (failure !== undefined) {
        problems.push(
          new ConfitureError(
            'PLAN_INVALID',
            `the ${rule.type} rule on ${tableLabel}.${column.name} writes ${JSON.stringify(constant)}, which is not a valid ${column.catalog.type}${column.catalog.isArray ? ' element' : ''}: ${failure}`,
            {
              ...where(rule.path),
              hint: `Give a replacement that ${column.catalog.type} accepts (a composite needs a row literal such as "(,)"), or use suppress.`,
            },
          ),
        );
      }
    }
    // A table the profile adds no SQL to reads only catalog columns (checked by the privileges).
    const customized =
      table.filter !== undefined ||
      table.sample !== undefined ||
      table.columns.some((c) => c.sql !== undefined);
    if (problems.length > before || !customized) continue;
    const failure = await planError(source, chunkSelect(table, { index: 0 }));
    if (failure !== undefined) {
      problems.push(
        new ConfitureError(
          'PLAN_INVALID',
          `the query that reads ${tableLabel} does not plan on the source: ${failure}`,
          {
            ...where(entry?.path),
            hint: 'Check the table’s filter, sampling and SQL rules in the profile.',
          },
        ),
      );
    }
  }
  if (problems.length === 0) return;
  throw problems.length === 1
    ? problems[0]!
    : new ConfitureError(
        'PLAN_INVALID',
        `the profile's SQL does not plan on the source: ${problems.length} problems`,
        {
          ...(profile.file ? { file: profile.file } : {}),
          details: problems,
          hint: 'Fix the profile and run again; nothing was written to the target.',
        },
      );
}

/**
 * Why `filter` is not one self-contained expression (a `;` or a parenthesis that closes the
 * WHERE clause it is put in), outside string literals, quoted identifiers and comments; undefined
 * when it is.
 */
export function filterShapeProblem(filter: string): string | undefined {
  let depth = 0;
  let i = 0;
  const n = filter.length;
  while (i < n) {
    const c = filter[i]!;
    const next = filter[i + 1];
    if (c === "'" || c === '"') {
      // A quoted string or identifier; a doubled quote stays inside. E'...' strings also take \'.
      const escapes =
        c === "'" && /[eE]/.test(filter[i - 1] ?? '') && !/\w/.test(filter[i - 2] ?? '');
      i++;
      while (i < n) {
        if (escapes && filter[i] === '\\') i += 2;
        else if (filter[i] === c && filter[i + 1] === c) i += 2;
        else if (filter[i] === c) break;
        else i++;
      }
      if (i >= n) return 'has an unterminated quote';
      i++;
      continue;
    }
    if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(filter.slice(i));
      if (tag && !/[\w$]/.test(filter[i - 1] ?? '')) {
        const end = filter.indexOf(tag[0], i + tag[0].length);
        if (end < 0) return 'has an unterminated dollar-quoted string';
        i = end + tag[0].length;
        continue;
      }
    }
    if (c === '-' && next === '-') {
      const end = filter.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (c === '/' && next === '*') {
      let nested = 1;
      i += 2;
      while (i < n && nested > 0) {
        const pair = filter.slice(i, i + 2);
        if (pair === '/*' || pair === '*/') {
          nested += pair === '/*' ? 1 : -1;
          i += 2;
        } else i++;
      }
      if (nested > 0) return 'has an unterminated comment';
      continue;
    }
    if (c === ';') return 'contains ";": a filter is one expression, not statements';
    if (c === '(') depth++;
    if (c === ')' && --depth < 0) return 'closes a parenthesis it did not open';
    i++;
  }
  return depth === 0 ? undefined : 'leaves a parenthesis open';
}

/** The text a stream strategy writes whatever the value, if it has one (redact's replacement). */
function constantOutput(column: PlannedColumn): string | undefined {
  const rule = ruleAppliedInStream(column);
  if (rule?.type !== 'redact' || rule.options['preserve_format'] === true) return undefined;
  const replacement = rule.options['replacement'];
  return typeof replacement === 'string' ? replacement : undefined;
}

/** A SELECT that parses `$1` as the column's type (each element of an array column). */
function castSql(column: PlannedColumn): string {
  const type = column.catalog.type;
  return column.catalog.isArray ? `SELECT ARRAY[$1::text]::${type}` : `SELECT $1::text::${type}`;
}

function from(table: TablePlan): string {
  return `ONLY ${quoteQualified(table.name)} AS t`;
}

/**
 * EXPLAINs `sql` (runs it, for a SELECT of constants) in a savepoint and returns the server's
 * error message, or undefined when it plans. Sent over the extended protocol, so that it is one
 * statement whatever it contains.
 */
async function planError(
  source: pg.ClientBase,
  sql: string,
  values?: unknown[],
): Promise<string | undefined> {
  await source.query('SAVEPOINT confiture_profile_sql');
  try {
    const isConstant = values !== undefined;
    // node-postgres takes queryMode, though its types do not declare it.
    const query = {
      text: isConstant ? sql : `EXPLAIN ${sql}`,
      values: values ?? [],
      queryMode: 'extended',
    } as pg.QueryConfig;
    await source.query(query);
    await source.query('RELEASE SAVEPOINT confiture_profile_sql');
    return undefined;
  } catch (error) {
    await source.query('ROLLBACK TO SAVEPOINT confiture_profile_sql');
    await source.query('RELEASE SAVEPOINT confiture_profile_sql');
    return error instanceof Error ? error.message : String(error);
  }
}
