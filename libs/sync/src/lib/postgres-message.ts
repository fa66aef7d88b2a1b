/**
 * PostgreSQL's error texts without the row values they may carry: what the sync reports and records
 * (in `sync_runs.error`) must name tables, columns and constraints, never a value.
 */

/** Words after which PostgreSQL quotes a name, not a value (`relation "t"`, `constraint "c"`). */
const NAME_BEFORE =
  /\b(?:relation|table|view|column|constraint|index|type|domain|sequence|function|schema|encoding|collation|operator|trigger|partition|role|database|extension|cursor|savepoint|portal|server|publication|policy|rule|file|language|method|wrapper|family|class|dictionary|configuration|parser|template|aggregate|procedure|statistics|conversion|tablespace|attribute|label|mapping)\s+$/i;

/**
 * PostgreSQL's message without the values it may quote: an input that does not parse
 * (`invalid input syntax for type integer: "alice@example.com"`), a value out of range
 * (`value "99999999999" is out of range`), byte sequences of a bad encoding. Names of relations,
 * columns, constraints and types stay. DETAIL (`Key (email)=(...)`, `Failing row contains (...)`)
 * and CONTEXT (the COPY line and its value) are never used.
 */
export function withoutValues(message: string): string {
  // A value after a colon runs to the end of the message, its own quotes unescaped.
  const tail = message.replace(/: "[\s\S]*"$/, ': "…"');
  return tail
    .replace(/"(?:[^"]|"")*"/g, (quoted, offset: number) =>
      NAME_BEFORE.test(tail.slice(0, offset)) ? quoted : '"…"',
    )
    .replace(/(?:\s*0x[0-9a-f]{2})+/gi, ' …');
}

/**
 * A DETAIL worth quoting: none that holds row values (`Key (email)=(...) already exists`,
 * `Failing row contains (...)`, `Key (id)=(7) is not present in table "t"`).
 */
export function detailWithoutValues(detail: string | undefined): string | undefined {
  if (!detail || /=\(|Failing row contains|\bvalue\b/i.test(detail)) return undefined;
  return withoutValues(detail);
}
