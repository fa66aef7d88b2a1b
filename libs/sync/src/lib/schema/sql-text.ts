import { formatQualifiedName, quoteIdent, quoteLiteral, quoteQualified } from '@confiture/domain';

/** `"schema"."name"`. */
export function qualified(schema: string, name: string): string {
  return quoteQualified({ schema, name });
}

/** `schema.name` for labels, quoting only the parts that need it. */
export function label(schema: string, name: string): string {
  return formatQualifiedName({ schema, name });
}

/**
 * Storage parameters as a `WITH (...)` list body: `fillfactor='70', toast.autovacuum_enabled='off'`.
 * `reloptions` holds `name=value` strings; names are PostgreSQL's own (letters, digits, `_`, `.`).
 */
export function storageParameters(options: readonly string[]): string {
  return options
    .map((option) => {
      const equals = option.indexOf('=');
      const name = equals < 0 ? option : option.slice(0, equals);
      const value = equals < 0 ? 'true' : option.slice(equals + 1);
      return `${name.split('.').map(optionName).join('.')}=${quoteLiteral(value)}`;
    })
    .join(', ');
}

function optionName(part: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(part) ? part : quoteIdent(part);
}

/** ` COLLATE "schema"."name"` when a collation is given as `[schema, name]`, else nothing. */
export function collateClause(collation: readonly string[] | null | undefined): string {
  return collation && collation.length === 2
    ? ` COLLATE ${qualified(collation[0]!, collation[1]!)}`
    : '';
}

/**
 * SQL expression: `ARRAY[schema, name]` of collation `collation` when it differs from `typeDefault`
 * (the collation the column's or attribute's type has anyway), else NULL.
 */
export function collationIfNotDefault(collation: string, typeDefault: string): string {
  return `(SELECT ARRAY[cn.nspname::text, co.collname::text]
             FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
            WHERE co.oid = ${collation} AND ${collation} <> 0 AND ${collation} <> ${typeDefault})`;
}

/** An identifier for labels: as is when it needs no quotes, else quoted. */
export function labelPart(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : quoteIdent(name);
}

/**
 * ` OPTIONS (name 'value', ...)` of a foreign-data wrapper, server, foreign table or column from
 * its catalog `name=value` list; nothing when there is none.
 */
export function genericOptions(options: readonly string[] | null | undefined): string {
  if (!options || options.length === 0) return '';
  const items = options.map((option) => {
    const equals = option.indexOf('=');
    const name = equals < 0 ? option : option.slice(0, equals);
    return `${quoteIdent(name)} ${quoteLiteral(equals < 0 ? '' : option.slice(equals + 1))}`;
  });
  return ` OPTIONS (${items.join(', ')})`;
}
