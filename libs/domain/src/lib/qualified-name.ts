import { ConfitureError } from './confiture-error';

/** A PostgreSQL relation name, exactly as the catalog spells it (case-sensitive). */
export interface QualifiedName {
  schema: string;
  name: string;
}

/**
 * Parses a profile's table key: `users` (schema public), `app.patients`, `app.Accounts`, or quoted
 * parts containing dots or quotes (`"my.schema"."Table"""`). Names are kept exactly as written.
 */
export function parseQualifiedName(text: string, defaultSchema = 'public'): QualifiedName {
  const parts: string[] = [];
  let i = 0;
  const fail = (reason: string): never => {
    throw new ConfitureError('PROFILE_INVALID', `invalid table name "${text}": ${reason}`, {
      hint: 'Write table names as `table` or `schema.table`; quote a part that contains a dot: "my.schema".table',
    });
  };
  while (i <= text.length) {
    if (text[i] === '"') {
      let part = '';
      i++;
      for (;;) {
        if (i >= text.length) fail('unterminated quote');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            part += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        part += text[i++];
      }
      parts.push(part);
    } else {
      let end = text.indexOf('.', i);
      if (end < 0) end = text.length;
      parts.push(text.slice(i, end));
      i = end;
    }
    if (i >= text.length) break;
    if (text[i] !== '.') fail(`unexpected character "${text[i]}" after a quoted name`);
    i++;
  }
  if (parts.some((p) => p.length === 0)) fail('empty name part');
  if (parts.length === 1) return { schema: defaultSchema, name: parts[0] as string };
  if (parts.length === 2) return { schema: parts[0] as string, name: parts[1] as string };
  return fail('expected `table` or `schema.table`');
}

/** A SQL identifier, always double-quoted (so `Accounts`, `order` and `a"b` all work). */
export function quoteIdent(identifier: string): string {
  return '"' + identifier.replace(/"/g, '""') + '"';
}

/** A SQL string literal, like PostgreSQL's quote_literal(): `E'...'` when it holds a backslash. */
export function quoteLiteral(value: string): string {
  const quoted = `'${value.replace(/'/g, "''")}'`;
  return value.includes('\\') ? `E${quoted.replace(/\\/g, '\\\\')}` : quoted;
}

/** `"schema"."name"`, safe to splice into SQL. */
export function quoteQualified(name: QualifiedName): string {
  return `${quoteIdent(name.schema)}.${quoteIdent(name.name)}`;
}

/** Human form for messages and reports: `schema.name`, quoting parts that need it. */
export function formatQualifiedName(name: QualifiedName): string {
  const part = (p: string) => (/^[a-z_][a-z0-9_$]*$/.test(p) ? p : quoteIdent(p));
  return `${part(name.schema)}.${part(name.name)}`;
}

/** Whether two names denote the same relation. */
export function sameName(a: QualifiedName, b: QualifiedName): boolean {
  return a.schema === b.schema && a.name === b.name;
}
