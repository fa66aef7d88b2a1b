import {
  ConfitureError,
  formatQualifiedName,
  parseQualifiedName,
  quoteIdent,
  sameName,
  type QualifiedName,
} from '@confiture/domain';
import {
  collectReferencingRows,
  inSavepoint,
  readCatalog,
  type CatalogTable,
  type DatabaseCatalog,
  type RowSeed,
  type RowSet,
} from '@confiture/sync';
import type pg from 'pg';
import type { SubjectExpression } from './subject-expression';
import type { SubjectsConfig } from './subjects-config';

/** Every row of one data subject, as addresses valid in the transaction that found them. */
export interface SubjectRows {
  root: CatalogTable;
  /** The identifier column the request named (its value is never kept here). */
  identifier: string;
  tables: RowSet[];
  catalog: DatabaseCatalog;
}

/** Rows per table, for `dsr plan` and the manifest. */
export interface SubjectRowCount {
  table: string;
  rows: number;
}

/**
 * Runs `work` in a REPEATABLE READ, READ ONLY transaction: the row addresses a walk finds stay
 * valid and the export sees one consistent state of the database.
 */
export async function inSubjectSnapshot<T>(
  client: pg.ClientBase,
  work: () => Promise<T>,
): Promise<T> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Finds the subject `expression` names and collects its rows on the database: the root row, every
 * row referencing it through foreign keys (transitively; other root rows are other subjects and
 * are never entered), and the `also_match` rows with theirs. Refuses, naming the place, an unknown
 * table or column, a value of the wrong type, and a subject that does not exist or is not unique.
 * Must run inside a transaction (see {@link inSubjectSnapshot}).
 */
export async function findSubjectRows(
  client: pg.ClientBase,
  subjects: SubjectsConfig,
  expression: SubjectExpression,
): Promise<SubjectRows> {
  const catalog = await readCatalog(client);
  const rootName = configTable(subjects.root, 'subjects.root');
  const root = tableIn(catalog, rootName, 'subjects.root');
  if (!sameName(expression.table, root.name))
    throw new ConfitureError(
      'INPUT_INVALID',
      `--subject names table ${formatQualifiedName(expression.table)}, not the subject root ${formatQualifiedName(root.name)}`,
      { path: '--subject', hint: `Write --subject ${subjects.root}.<column>=<value>.` },
    );
  if (!subjects.identifiers.includes(expression.column))
    throw new ConfitureError(
      'INPUT_INVALID',
      `--subject column "${expression.column}" is not an identifier of ${formatQualifiedName(root.name)}`,
      {
        path: '--subject',
        hint: `Use one of subjects.identifiers: ${subjects.identifiers.join(', ')}.`,
      },
    );
  const column = columnIn(root, expression.column, 'subjects.identifiers');
  await checkValueType(client, root, column.name, column.type, expression.value);

  const match = `t.${quoteIdent(column.name)} = $1::text::${column.type}`;
  const count = await client.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM ${quoted(root.name)} t WHERE ${match}`,
    [expression.value],
  );
  const found = Number(count.rows[0]?.n ?? 0);
  if (found === 0)
    throw new ConfitureError(
      'NOT_FOUND',
      `no data subject in ${formatQualifiedName(root.name)} has this ${column.name}`,
      {
        table: formatQualifiedName(root.name),
        column: column.name,
        hint: 'Check the identifier with the requester; nothing was written.',
      },
    );
  if (found > 1)
    throw new ConfitureError(
      'INPUT_INVALID',
      `${found} rows of ${formatQualifiedName(root.name)} have this ${column.name}: it does not name one subject`,
      {
        table: formatQualifiedName(root.name),
        column: column.name,
        hint: 'Name the subject by a unique identifier (its primary key).',
      },
    );

  const seeds: RowSeed[] = [{ table: root.name, where: match, params: [expression.value] }];
  (subjects.also_match ?? []).forEach((rule, i) => {
    const path = `subjects.also_match[${i}]`;
    const table = tableIn(catalog, configTable(rule.table, `${path}.table`), `${path}.table`);
    const own = columnIn(table, rule.column, `${path}.column`);
    const theirs = columnIn(root, rule.matches, `${path}.matches`);
    seeds.push({
      table: table.name,
      where: `t.${quoteIdent(own.name)} IN (SELECT r.${quoteIdent(theirs.name)} FROM ${quoted(root.name)} r WHERE r.${quoteIdent(column.name)} = $1::text::${column.type})`,
      params: [expression.value],
    });
  });
  const tables = await collectReferencingRows(client, catalog, seeds, { stopAt: [root.name] });
  return { root, identifier: column.name, tables, catalog };
}

/** Rows per table of a subject, largest first then by name. */
export function countSubjectRows(rows: SubjectRows): SubjectRowCount[] {
  return rows.tables
    .map((set) => ({ table: formatQualifiedName(set.table.name), rows: set.rows.length }))
    .filter((count) => count.rows > 0)
    .sort((a, b) => a.table.localeCompare(b.table));
}

async function checkValueType(
  client: pg.ClientBase,
  table: CatalogTable,
  column: string,
  type: string,
  value: string,
): Promise<void> {
  try {
    await inSavepoint(client, 'confiture_subject_value', () =>
      client.query(`SELECT $1::text::${type}`, [value]),
    );
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (!code.startsWith('22')) throw error;
    // The server's message quotes the value: say only which type it failed.
    throw new ConfitureError(
      'INPUT_INVALID',
      `--subject value is not a valid ${type} for ${formatQualifiedName(table.name)}.${column}`,
      {
        path: '--subject',
        table: formatQualifiedName(table.name),
        column,
        hint: `Give a ${type} value.`,
      },
    );
  }
}

function configTable(text: string, path: string): QualifiedName {
  try {
    return parseQualifiedName(text);
  } catch (error) {
    throw new ConfitureError('CONFIG_INVALID', (error as Error).message, { path });
  }
}

function tableIn(catalog: DatabaseCatalog, name: QualifiedName, path: string): CatalogTable {
  const table = catalog.tables.find((t) => t.kind !== 'partition' && sameName(t.name, name));
  if (!table)
    throw new ConfitureError(
      'CONFIG_INVALID',
      `compliance.yaml ${path}: the database has no table ${formatQualifiedName(name)}`,
      { path, hint: 'Name an existing table as schema.table (case-sensitive).' },
    );
  return table;
}

function columnIn(table: CatalogTable, name: string, path: string) {
  const column = table.columns.find((c) => c.name === name);
  if (!column)
    throw new ConfitureError(
      path.startsWith('subjects') ? 'CONFIG_INVALID' : 'INPUT_INVALID',
      `${formatQualifiedName(table.name)} has no column "${name}" (${path})`,
      {
        path,
        table: formatQualifiedName(table.name),
        hint: `Columns: ${table.columns.map((c) => c.name).join(', ')}.`,
      },
    );
  return column;
}

function quoted(name: QualifiedName): string {
  return `${quoteIdent(name.schema)}.${quoteIdent(name.name)}`;
}
