import {
  ConfitureError,
  formatQualifiedName,
  quoteQualified,
  type Profile,
} from '@confiture/domain';
import type pg from 'pg';
import { chunkSelect } from '../data/source-select';
import { withoutValues } from '../postgres-message';
import { inSavepoint } from '../savepoint';
import {
  ruleAppliedInStream,
  type PlannedColumn,
  type TablePlan,
  type SyncPlan,
} from '../plan/plan';

/**
 * Asks the source to plan every piece of SQL the data phase will send, before anything is written
 * (after `guardProfileSql` has parsed the profile's own SQL into single, safe expressions): each
 * table's `filter:` (a column or an operator that does not exist, a type mismatch), each SQL
 * strategy's expression (`custom`, `aggregate` and its `group_by`), each constant output a strategy
 * writes (a `redact` replacement must be valid input for the column's type: a composite, enum or
 * domain column rejects most texts), then the whole SELECT of each table the profile adds SQL to. Each is EXPLAINed (never
 * run) in a savepoint of the source's read-only snapshot transaction, over the extended protocol
 * (one statement only). Every problem is collected and thrown at once as PLAN_INVALID, naming the
 * table and the YAML path.
 */
export async function explainProfileSql(
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
      const sql = `SELECT 1 FROM ${from(table)} WHERE (${table.filter})`;
      const failure = await planError(source, sql);
      if (failure !== undefined) {
        problems.push(
          new ConfitureError(
            'PLAN_INVALID',
            `the filter of ${tableLabel} does not plan on the source: ${withoutValues(failure)}`,
            {
              ...where(path),
              hint: 'A filter is one SQL boolean expression over the table’s columns (the table is aliased t), as in a WHERE clause.',
            },
          ),
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
              `the ${rule.type} rule on ${tableLabel}.${column.name} does not plan on the source: ${withoutValues(failure)}`,
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
          `the query that reads ${tableLabel} does not plan on the source: ${withoutValues(failure)}`,
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
  const isConstant = values !== undefined;
  // node-postgres takes queryMode, though its types do not declare it.
  const query = {
    text: isConstant ? sql : `EXPLAIN ${sql}`,
    values: values ?? [],
    queryMode: 'extended',
  } as pg.QueryConfig;
  try {
    await inSavepoint(source, 'confiture_profile_sql', () => source.query(query));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
