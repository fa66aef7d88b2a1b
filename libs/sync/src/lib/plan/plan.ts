import {
  ConfitureError,
  formatQualifiedName,
  parseQualifiedName,
  quoteIdent,
  quoteQualified,
  type Profile,
  type QualifiedName,
  type ResolvedRule,
  type TableProfile,
} from '@confiture/domain';
import {
  checkRuleAgainstColumn,
  compileRule,
  findStrategy,
  type ColumnInfo,
} from '@confiture/strategies';
import {
  findTable,
  isUniqueColumn,
  type CatalogColumn,
  type CatalogTable,
  type DatabaseCatalog,
} from '../catalog';
import { includeParentsProblems } from '../post-data/include-parents';

/** A column copied into the target, and how it is anonymized. */
export interface PlannedColumn {
  name: string;
  catalog: CatalogColumn;
  /** The profile rule for the column, if any. */
  rule?: ResolvedRule;
  /** For strategies evaluated in the source query (custom, aggregate): the SELECT expression. */
  sql?: string;
}

/**
 * The rule whose strategy rewrites the column's values as they stream through Confiture: none for
 * a column without a rule, under `preserve`, or whose strategy the source query evaluates.
 */
export function ruleAppliedInStream(column: PlannedColumn): ResolvedRule | undefined {
  return column.sql === undefined && column.rule && column.rule.type !== 'preserve'
    ? column.rule
    : undefined;
}

/** How a table's rows are sampled: a fraction at random, within each stratum, or the latest. */
export type SamplePlan = { rate: number } & (
  | { method: 'random' }
  | { method: 'stratified'; stratifyBy: string }
  | { method: 'time'; timeColumn: string }
);

/** Everything the engine needs to copy one table (or partition). */
export interface TablePlan {
  name: QualifiedName;
  kind: 'table' | 'partition';
  /** The profile entry that configures it (a partition inherits its parent's). */
  profileKey?: string;
  /** Created in the target but given no rows. */
  excluded: boolean;
  /** Why it gets no rows: `exclude_tables` or `--tables`. */
  excludedBy?: 'profile' | 'tables-flag';
  columns: PlannedColumn[];
  filter?: string;
  sample?: SamplePlan;
  /** Single-column integer key used for chunking and stable sampling. */
  chunkKey?: string;
  estimatedRows: number;
  sizeBytes: number;
  /** The table's foreign keys, for orphan handling. */
  catalog: CatalogTable;
  onOrphans: 'drop' | 'include_parents';
}

/** The result of checking a profile against the source schema. */
export interface SyncPlan {
  tables: TablePlan[];
  /** Tables that exist only as partitioned parents (they receive rows through partitions). */
  partitionedParents: QualifiedName[];
  warnings: string[];
}

/** Options that narrow a plan. */
export interface PlanOptions {
  /** `--tables`: copy rows only for these tables (others are created empty). */
  onlyTables?: readonly string[];
}

/**
 * Checks every rule of the profile against the real source schema and decides how each table is
 * copied. Every problem (missing table or column, a rule on a generated column, a strategy that
 * does not fit the column) is collected and thrown at once, before anything is written.
 */
export function planSync(
  profile: Profile,
  catalog: DatabaseCatalog,
  options: PlanOptions = {},
): SyncPlan {
  const problems: ConfitureError[] = [];
  const warnings: string[] = [];
  const file = profile.file;
  const byKey = new Map<string, TableProfile>();
  for (const entry of profile.tables) {
    const table = findTable(catalog, entry.table);
    if (!table) {
      problems.push(
        new ConfitureError(
          'PLAN_INVALID',
          `table ${formatQualifiedName(entry.table)} does not exist in the source`,
          {
            file,
            path: entry.path,
            hint: similarNames(
              formatQualifiedName(entry.table),
              catalog.tables.map((t) => formatQualifiedName(t.name)),
            ),
          },
        ),
      );
      continue;
    }
    byKey.set(id(table.name), entry);
  }
  const excluded = new Set(profile.excludeTables.map(id));
  for (const name of profile.excludeTables) {
    if (!findTable(catalog, name))
      warnings.push(`exclude_tables: ${formatQualifiedName(name)} does not exist in the source`);
  }
  const only = options.onlyTables?.map((t) => {
    const name = parseQualifiedName(t);
    if (!findTable(catalog, name)) {
      problems.push(
        new ConfitureError(
          'PLAN_INVALID',
          `--tables: table ${formatQualifiedName(name)} does not exist in the source`,
          {
            hint: similarNames(
              formatQualifiedName(name),
              catalog.tables.map((x) => formatQualifiedName(x.name)),
            ),
          },
        ),
      );
    }
    return id(name);
  });

  const tables: TablePlan[] = [];
  const partitionedParents: QualifiedName[] = [];
  for (const table of catalog.tables) {
    if (table.kind === 'partitioned') {
      partitionedParents.push(table.name);
      continue;
    }
    // A partition follows its own profile entry, else its (outermost configured) parent's.
    const entry = byKey.get(id(table.name)) ?? parentEntry(table, catalog, byKey);
    const isExcluded =
      excluded.has(id(table.name)) ||
      (table.parent !== undefined && ancestorsOf(table, catalog).some((p) => excluded.has(id(p))));
    const notSelected =
      only !== undefined &&
      !only.includes(id(table.name)) &&
      !(table.parent && ancestorsOf(table, catalog).some((p) => only.includes(id(p))));
    const columns: PlannedColumn[] = [];
    const rules = new Map((entry?.rules ?? []).map((rule) => [rule.column, rule]));
    for (const column of table.columns) {
      const rule = rules.get(column.name);
      rules.delete(column.name);
      if (column.generated) {
        if (rule) {
          problems.push(
            planError(
              file,
              rule,
              table,
              column.name,
              `is a generated column: the target computes it from other columns`,
              'Anonymize the columns it is computed from instead, and remove this rule.',
            ),
          );
        }
        continue;
      }
      const planned: PlannedColumn = {
        name: column.name,
        catalog: column,
        ...(rule ? { rule } : {}),
      };
      if (rule) {
        const info = columnInfo(table, column);
        const ruleProblems = checkRuleAgainstColumn(rule, info, formatQualifiedName(table.name));
        for (const problem of ruleProblems) {
          problems.push(
            new ConfitureError(problem.code, problem.message, {
              ...problem.location,
              ...(file ? { file } : {}),
              ...(problem.hint ? { hint: problem.hint } : {}),
            }),
          );
        }
        if (ruleProblems.length === 0 && findStrategy(rule.type)?.sql) {
          // Strategies evaluated in the source query (custom, aggregate) become a SELECT expression.
          planned.sql = compileRule(rule, {
            column: info,
            table: quoteQualified(table.name),
          }).selectExpression;
        }
      }
      columns.push(planned);
    }
    for (const rule of rules.values()) {
      problems.push(
        planError(
          file,
          rule,
          table,
          rule.column,
          'does not exist in the source',
          `Columns of ${formatQualifiedName(table.name)}: ${table.columns.map((c) => c.name).join(', ')}`,
        ),
      );
    }
    const key = table.primaryKey?.length === 1 ? table.primaryKey[0] : undefined;
    const keyColumn = key ? table.columns.find((c) => c.name === key) : undefined;
    const sample = entry ? samplePlan(entry) : undefined;
    for (const column of sample && entry ? [entry.stratifyBy, entry.timeColumn] : []) {
      if (column && !table.columns.some((c) => c.name === column) && entry) {
        problems.push(
          new ConfitureError(
            'PLAN_INVALID',
            `sampling column "${column}" does not exist in ${formatQualifiedName(table.name)}`,
            {
              file,
              path: entry.path,
              table: formatQualifiedName(table.name),
              column,
            },
          ),
        );
      }
    }
    tables.push({
      name: table.name,
      kind: table.kind === 'partition' ? 'partition' : 'table',
      ...(entry ? { profileKey: entry.key } : {}),
      excluded: isExcluded || notSelected,
      ...(isExcluded
        ? { excludedBy: 'profile' as const }
        : notSelected
          ? { excludedBy: 'tables-flag' as const }
          : {}),
      columns,
      ...(entry?.filter ? { filter: entry.filter } : {}),
      ...(sample ? { sample } : {}),
      ...(keyColumn?.category === 'integer' ? { chunkKey: keyColumn.name } : {}),
      estimatedRows: Math.max(0, table.estimatedRows),
      sizeBytes: table.sizeBytes,
      catalog: table,
      onOrphans: entry?.onOrphans ?? profile.global.onOrphans,
    });
  }
  for (const problem of includeParentsProblems({ tables, partitionedParents, warnings }, catalog)) {
    problems.push(
      new ConfitureError('PLAN_INVALID', problem.message, {
        file,
        table: problem.table,
        hint: 'The keys in the target would no longer name the source rows: leave key columns unanonymized (or anonymize the identifier upstream), or use on_orphans: drop for this table.',
      }),
    );
  }
  if (!profile.performance.disable_triggers) {
    problems.push(
      new ConfitureError(
        'PLAN_INVALID',
        'performance.disable_triggers: false is not supported: triggers are created after the load and never fire during it',
        {
          file,
          path: 'performance.disable_triggers',
          hint: 'Remove the key (or set it to true). Work a trigger would have done can be run on the target after the sync.',
        },
      ),
    );
  }
  if (problems.length > 0) {
    throw problems.length === 1
      ? problems[0]!
      : new ConfitureError(
          'PLAN_INVALID',
          `the profile does not fit the source schema: ${problems.length} problems`,
          {
            file,
            details: problems,
            hint: 'Fix the profile (or the schema) and run again; nothing was written to the target.',
          },
        );
  }
  return { tables, partitionedParents, warnings };
}

/** How the profile samples a table (the loader refuses stratified or time without their column). */
function samplePlan(entry: TableProfile): SamplePlan | undefined {
  const rate = entry.sampleRate;
  if (rate === undefined) return undefined;
  if (entry.samplingMethod === 'stratified' && entry.stratifyBy)
    return { rate, method: 'stratified', stratifyBy: entry.stratifyBy };
  if (entry.samplingMethod === 'time' && entry.timeColumn)
    return { rate, method: 'time', timeColumn: entry.timeColumn };
  return { rate, method: 'random' };
}

/** The strategies' view of a catalog column. */
export function columnInfo(table: CatalogTable, column: CatalogColumn): ColumnInfo {
  return {
    name: column.name,
    type: column.type,
    category: column.category,
    isArray: column.isArray,
    ...(column.maxLength !== undefined ? { maxLength: column.maxLength } : {}),
    notNull: column.notNull,
    unique: isUniqueColumn(table, column.name),
  };
}

function planError(
  file: string | undefined,
  rule: ResolvedRule,
  table: CatalogTable,
  column: string,
  message: string,
  hint?: string,
): ConfitureError {
  return new ConfitureError(
    'PLAN_INVALID',
    `${formatQualifiedName(table.name)}.${quoteIfNeeded(column)} ${message}`,
    {
      file,
      path: rule.path,
      ...(hint ? { hint } : {}),
    },
  );
}

function parentEntry(
  table: CatalogTable,
  catalog: DatabaseCatalog,
  byKey: Map<string, TableProfile>,
): TableProfile | undefined {
  for (const ancestor of ancestorsOf(table, catalog)) {
    const entry = byKey.get(id(ancestor));
    if (entry) return entry;
  }
  return undefined;
}

function ancestorsOf(table: CatalogTable, catalog: DatabaseCatalog): QualifiedName[] {
  const result: QualifiedName[] = [];
  let current: CatalogTable | undefined = table;
  while (current?.parent) {
    result.push(current.parent);
    current = findTable(catalog, current.parent);
  }
  return result;
}

function id(name: QualifiedName): string {
  return `${name.schema}\u0000${name.name}`;
}

function quoteIfNeeded(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : quoteIdent(name);
}

function similarNames(wanted: string, names: string[]): string {
  const lower = wanted.toLowerCase();
  const close = names.filter(
    (n) => n.toLowerCase() === lower || n.toLowerCase().includes(lower.split('.').pop() ?? lower),
  );
  return close.length > 0
    ? `Did you mean ${close.slice(0, 3).join(', ')}? Names are case-sensitive; quote mixed-case names: app."Accounts".`
    : 'Check the table name and schema (bare names mean schema public).';
}
