import { ConfitureError, parseQualifiedName, type QualifiedName } from '@confiture/domain';

/** A request's `--subject <table>.<column>=<value>`, parsed but not yet checked against a database. */
export interface SubjectExpression {
  table: QualifiedName;
  column: string;
  /** The identifier as typed: personal data, never printed. */
  value: string;
}

const HINT =
  'Write --subject <schema.table>.<column>=<value>, e.g. --subject app.Accounts.id=42 (the table is the `subjects.root` of compliance.yaml).';

/**
 * Parses `app.Accounts.id=42`: the text before the first `=` is `<table>.<column>` (quoted parts
 * allowed, as in profiles), the rest is the value. The value never appears in an error.
 */
export function parseSubjectExpression(text: string): SubjectExpression {
  const equals = text.indexOf('=');
  if (equals <= 0)
    throw new ConfitureError(
      'INPUT_INVALID',
      'invalid --subject: expected <table>.<column>=<value>',
      {
        path: '--subject',
        hint: HINT,
      },
    );
  const left = text.slice(0, equals).trim();
  const value = text.slice(equals + 1);
  if (value.length === 0)
    throw new ConfitureError('INPUT_INVALID', 'invalid --subject: the value after "=" is empty', {
      path: '--subject',
      hint: HINT,
    });
  let parts: QualifiedName;
  try {
    // `<a>.<b>.<c>` reads as schema a, table b, column c: parse `<a>.<b>` and `<c>` apart.
    parts = splitLastPart(left);
  } catch {
    throw new ConfitureError(
      'INPUT_INVALID',
      `invalid --subject "${left}=…": expected <table>.<column>`,
      {
        path: '--subject',
        hint: HINT,
      },
    );
  }
  let table: QualifiedName;
  try {
    table = parseQualifiedName(parts.schema);
  } catch (error) {
    throw new ConfitureError(
      'INPUT_INVALID',
      `invalid --subject "${left}=…": ${(error as Error).message}`,
      {
        path: '--subject',
        hint: HINT,
      },
    );
  }
  return { table, column: parts.name, value };
}

/** Splits `x.y."Col"` into `x.y` and `Col`, respecting double quotes. */
function splitLastPart(text: string): QualifiedName {
  let inQuote = false;
  let lastDot = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      if (inQuote && text[i + 1] === '"') {
        i++;
        continue;
      }
      inQuote = !inQuote;
    } else if (c === '.' && !inQuote) lastDot = i;
  }
  if (inQuote || lastDot <= 0 || lastDot === text.length - 1) throw new Error('no column');
  const head = text.slice(0, lastDot);
  let column = text.slice(lastDot + 1);
  if (column.startsWith('"')) {
    if (!column.endsWith('"') || column.length < 2) throw new Error('bad quote');
    column = column.slice(1, -1).replace(/""/g, '"');
  }
  return { schema: head, name: column };
}
