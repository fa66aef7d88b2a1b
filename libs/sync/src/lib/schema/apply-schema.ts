import { ConfitureError, formatQualifiedName } from '@confiture/domain';
import type pg from 'pg';
import { detailWithoutValues, withoutValues } from '../postgres-message';
import type { SchemaStatement } from './schema-statement';
import { DEPARSE_SETTINGS, withSessionSettings } from './session-settings';

/** Options of {@link applySchema}. */
export interface ApplySchemaOptions {
  /** Called before each statement runs, e.g. for progress. */
  onStatement?: (statement: SchemaStatement, index: number) => void;
}

/** Settings of the target session while statements run. */
const APPLY_SETTINGS: Readonly<Record<string, string>> = {
  ...DEPARSE_SETTINGS,
  // Function bodies may name tables created later (as pg_dump's output does).
  check_function_bodies: 'off',
  client_min_messages: 'warning',
};

/**
 * Runs schema statements on the target, in order. A statement that fails stops the run with a
 * SYNC_FAILED error naming the object and quoting PostgreSQL's message. Runs in the caller's
 * transaction, if any: open one to make the whole schema appear at once, or not at all.
 */
export async function applySchema(
  target: pg.ClientBase,
  statements: readonly SchemaStatement[],
  options: ApplySchemaOptions = {},
): Promise<void> {
  await withSessionSettings(target, APPLY_SETTINGS, async () => {
    for (const [index, statement] of statements.entries()) {
      options.onStatement?.(statement, index);
      try {
        await target.query(statement.sql);
      } catch (error) {
        throw statementError(statement, error);
      }
    }
  });
}

/** What PostgreSQL says about a failed statement (node-postgres's DatabaseError fields). */
interface PostgresError {
  code?: string;
  message?: string;
  detail?: string;
  hint?: string;
}

function statementError(statement: SchemaStatement, error: unknown): ConfitureError {
  const pgError = (error ?? {}) as PostgresError;
  // Keys, indexes and constraints are created once the rows are in: neither the message nor the
  // DETAIL may bring a row's value (`Key (email)=(...) is duplicated`) into the report or the record.
  const quoted = detailWithoutValues(pgError.detail);
  const detail = quoted ? ` (${quoted})` : '';
  return new ConfitureError(
    'SYNC_FAILED',
    `cannot create ${statement.kind} ${statement.object} on the target: ${withoutValues(pgError.message ?? String(error))}${detail}`,
    {
      hint: hintFor(statement, pgError),
      ...(statement.table ? { table: formatQualifiedName(statement.table) } : {}),
      cause: error,
    },
  );
}

function hintFor(statement: SchemaStatement, error: PostgresError): string {
  const code = error.code ?? '';
  const message = error.message ?? '';
  if (statement.kind === 'extension') {
    return 'Install the extension on the target server (see pg_available_extensions there), or drop it from the source.';
  }
  if (/role .* does not exist/.test(message)) {
    return 'Roles belong to the server, not the database, and are not copied: create the role on the target first.';
  }
  if (code === '42P06' || code === '42P07' || code === '42710' || code === '42723') {
    return 'The target already has this object: sync into an empty database, or let Confiture empty the target first.';
  }
  if (code === '42501') {
    return 'The target user may not create this object (languages, access methods, base types, casts WITHOUT FUNCTION, text search parsers and templates, foreign-data wrappers need a superuser): sync as a superuser of the target, or drop the object from the source.';
  }
  if (code.startsWith('23')) {
    return 'The rows in the target break this constraint: check the filters, sampling and the anonymization rules of this table (a strategy on a unique column must keep values unique).';
  }
  if (code === '42883' || code === '42704') {
    return 'Something it needs is missing on the target: an extension of another version, a library, or an object in a schema that is not copied.';
  }
  const statementText =
    statement.sql.length > 300 ? `${statement.sql.slice(0, 300)}...` : statement.sql;
  return `${error.hint ? `${error.hint} ` : ''}The statement was: ${statementText}`;
}
