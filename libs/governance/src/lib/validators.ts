import {
  formatQualifiedName,
  parseQualifiedName,
  quoteIdent,
  quoteQualified,
  sameName,
  type QualifiedName,
} from '@confiture/domain';
import { readCatalog, type CatalogTable, type DatabaseCatalog } from '@confiture/sync';
import type pg from 'pg';
import type { PipelineContext, PipelineValidator, ValidationOutcome } from './pipeline';

/** The session and catalog a validator judges: the target after anonymization, else the source. */
async function side(
  context: PipelineContext,
): Promise<{ client: pg.ClientBase; catalog: DatabaseCatalog; label: string } | undefined> {
  const useTarget = context.phase === 'POST_ANONYMIZATION';
  const client = useTarget ? context.target : context.source;
  if (!client) return undefined;
  const cached = useTarget ? context.targetCatalog : context.sourceCatalog;
  const key = useTarget ? 'catalog:target' : 'catalog:source';
  let catalog = cached ?? (context.state.get(key) as DatabaseCatalog | undefined);
  if (!catalog) {
    catalog = await readCatalog(client);
    context.state.set(key, catalog);
  }
  return { client, catalog, label: useTarget ? 'target' : 'source' };
}

function table(catalog: DatabaseCatalog, name: QualifiedName): CatalogTable | undefined {
  return catalog.tables.find((t) => sameName(t.name, name));
}

type Side = NonNullable<Awaited<ReturnType<typeof side>>>;

/** A validator about one table: finds the session of its phase and the table, then judges. */
function tableValidator(
  name: string,
  kind: PipelineValidator['kind'],
  tableName: QualifiedName,
  severity: 'error' | 'warning' | undefined,
  judge: (db: Side, found: CatalogTable) => Promise<ValidationOutcome> | ValidationOutcome,
): PipelineValidator {
  const label = formatQualifiedName(tableName);
  return {
    name,
    kind,
    ...(severity ? { severity } : {}),
    async validate(context) {
      const db = await side(context);
      if (!db) return noSession(context);
      const found = table(db.catalog, tableName);
      if (!found) return { passed: false, detail: `table ${label} is missing in the ${db.label}` };
      return judge(db, found);
    },
  };
}

const noSession = (context: PipelineContext): ValidationOutcome => ({
  passed: true,
  skipped: true,
  detail: `no ${context.phase === 'POST_ANONYMIZATION' ? 'target' : 'source'} session in ${context.phase}`,
});

/** Options of {@link completenessValidator}. */
export interface CompletenessOptions {
  table: string | QualifiedName;
  columns: readonly string[];
  /** Allow NULLs in the columns (default false: a NULL counts as missing). */
  allowNulls?: boolean;
  severity?: 'error' | 'warning';
}

/**
 * Completeness: the table and every listed column exist and (unless `allowNulls`) no row has a
 * NULL in any of them.
 */
export function completenessValidator(options: CompletenessOptions): PipelineValidator {
  const name = qualified(options.table);
  const label = formatQualifiedName(name);
  return tableValidator(
    `completeness(${label}: ${options.columns.join(', ')})`,
    'completeness',
    name,
    options.severity,
    async (db, found) => {
      const missing = options.columns.filter((c) => !found.columns.some((col) => col.name === c));
      if (missing.length > 0) {
        return {
          passed: false,
          count: missing.length,
          detail: `${label} has no column ${missing.join(', ')} in the ${db.label}`,
        };
      }
      if (options.allowNulls) {
        return { passed: true, detail: `${label} has every required column` };
      }
      const { rows } = await db.client.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM ${quoteQualified(name)} WHERE ${options.columns
          .map((c) => `${quoteIdent(c)} IS NULL`)
          .join(' OR ')}`,
      );
      const n = Number(rows[0]!.n);
      return n === 0
        ? { passed: true, detail: `no NULL in ${label} (${options.columns.join(', ')})` }
        : {
            passed: false,
            count: n,
            detail: `${n} row(s) of ${label} in the ${db.label} have a NULL in ${options.columns.join(', ')}`,
          };
    },
  );
}

/** Options of {@link typeValidator}. */
export interface TypeOptions {
  table: string | QualifiedName;
  /** Column → expected type: `format_type()` text (`character varying(80)`) or a category (`text`). */
  columns: Readonly<Record<string, string>>;
  severity?: 'error' | 'warning';
}

/** Type: each listed column exists with the expected type (exact `format_type()` or category). */
export function typeValidator(options: TypeOptions): PipelineValidator {
  const name = qualified(options.table);
  const label = formatQualifiedName(name);
  return tableValidator(`type(${label})`, 'type', name, options.severity, (db, found) => {
    const problems: string[] = [];
    for (const [column, expected] of Object.entries(options.columns)) {
      const actual = found.columns.find((c) => c.name === column);
      if (!actual) problems.push(`${column} is missing`);
      else if (actual.type !== expected && actual.category !== expected) {
        problems.push(`${column} is ${actual.type}, expected ${expected}`);
      }
    }
    return problems.length === 0
      ? {
          passed: true,
          detail: `${label}: ${Object.keys(options.columns).length} column types as expected`,
        }
      : {
          passed: false,
          count: problems.length,
          detail: `${label} in the ${db.label}: ${problems.join('; ')}`,
        };
  });
}

/** Options of {@link rangeValidator}. */
export interface RangeOptions {
  table: string | QualifiedName;
  column: string;
  /** Lowest allowed value (a number, or text PostgreSQL casts to the column's type, e.g. a date). */
  min?: number | string;
  max?: number | string;
  severity?: 'error' | 'warning';
}

/** Range: no value of the column is below `min` or above `max` (NULLs are not judged). */
export function rangeValidator(options: RangeOptions): PipelineValidator {
  const name = qualified(options.table);
  const label = `${formatQualifiedName(name)}.${options.column}`;
  const bounds = `[${options.min ?? '-∞'}, ${options.max ?? '+∞'}]`;
  return tableValidator(
    `range(${label} in ${bounds})`,
    'range',
    name,
    options.severity,
    async (db, found) => {
      const column = found.columns.find((c) => c.name === options.column);
      if (!column) return { passed: false, detail: `${label} is missing in the ${db.label}` };
      const conditions: string[] = [];
      const params: (string | number)[] = [];
      // Bounds are parameters cast to the column's own type: numbers, dates and timestamps alike.
      if (options.min !== undefined) {
        params.push(String(options.min));
        conditions.push(`${quoteIdent(options.column)} < $${params.length}::${column.type}`);
      }
      if (options.max !== undefined) {
        params.push(String(options.max));
        conditions.push(`${quoteIdent(options.column)} > $${params.length}::${column.type}`);
      }
      if (conditions.length === 0) return { passed: true, detail: `${label}: no bound given` };
      const { rows } = await db.client.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM ${quoteQualified(name)} WHERE ${conditions.join(' OR ')}`,
        params,
      );
      const n = Number(rows[0]!.n);
      return n === 0
        ? { passed: true, detail: `every ${label} is within ${bounds}` }
        : {
            passed: false,
            count: n,
            detail: `${n} value(s) of ${label} in the ${db.label} are outside ${bounds}`,
          };
    },
  );
}

/** A custom validator from a function (registered in code, named in the profile). */
export function customValidator(
  name: string,
  validate: (context: PipelineContext) => Promise<ValidationOutcome> | ValidationOutcome,
  severity?: 'error' | 'warning',
): PipelineValidator {
  return { name, kind: 'custom', validate, ...(severity ? { severity } : {}) };
}

function qualified(name: string | QualifiedName): QualifiedName {
  return typeof name === 'string' ? parseQualifiedName(name) : name;
}
