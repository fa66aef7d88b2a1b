import { ConfitureError, formatQualifiedName } from '@confiture/domain';
import { z } from 'zod';

/** One table or one column whose tokens a grant covers; `table` as tokens record it (`public.users`). */
export const scopeItemSchema = z.strictObject({
  table: z.string().min(1),
  column: z.string().min(1).optional(),
});

/** One item of a grant's scope. */
export type ScopeItem = z.infer<typeof scopeItemSchema>;

/**
 * Parses `--scope`: `users` (schema public), `app.users` (a table), `app.users.email` (a column);
 * a part holding a dot or a capital is double-quoted as in SQL (`"My.Schema"."T"."E-mail"`).
 */
export function parseScopeItem(text: string): ScopeItem {
  const parts = splitParts(text);
  if (!parts || parts.length === 0 || parts.length > 3 || parts.some((p) => p === '')) {
    throw new ConfitureError('INPUT_INVALID', `--scope "${text}" is not table or table.column`, {
      hint: 'Write schema.table (every token of a table) or schema.table.column; quote a part that holds a dot: "my.schema".table.',
    });
  }
  const [first, second, third] = parts as [string, string?, string?];
  const name =
    second === undefined ? { schema: 'public', name: first } : { schema: first, name: second };
  return { table: formatQualifiedName(name), ...(third !== undefined ? { column: third } : {}) };
}

/** Whether a token at `location` lies in `scope` (no scope: every token). */
export function inScope(
  scope: readonly ScopeItem[] | null | undefined,
  location: { table: string; column: string },
): boolean {
  if (!scope) return true;
  return scope.some(
    (item) =>
      item.table === location.table &&
      (item.column === undefined || item.column === location.column),
  );
}

/** `every token`, or the tables and columns a scope lists. */
export function describeScope(scope: readonly ScopeItem[] | null | undefined): string {
  if (!scope) return 'every token';
  return scope
    .map((item) => (item.column ? `${item.table}.${item.column}` : item.table))
    .join(', ');
}

/** Dot-separated parts, double quotes as in SQL; undefined when a quote is unterminated. */
function splitParts(text: string): string[] | undefined {
  const parts: string[] = [];
  let part = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        part += '"';
        i++;
      } else if (c === '"') quoted = false;
      else part += c;
    } else if (c === '"') quoted = true;
    else if (c === '.') {
      parts.push(part);
      part = '';
    } else part += c;
  }
  if (quoted) return undefined;
  parts.push(part);
  return parts;
}
