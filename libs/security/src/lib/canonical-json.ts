import { ConfitureError } from '@confiture/domain';

/** A value that has exactly one canonical JSON form. */
export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * The canonical JSON text of `value` (RFC 8785 style): object keys sorted by code unit, no
 * whitespace, `undefined` members dropped. What is signed must serialise the same way on every
 * machine and after a round trip through PostgreSQL's jsonb, so non-finite numbers are refused.
 */
export function canonicalJson(value: unknown): string {
  return serialize(value, '$');
}

function serialize(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new ConfitureError('INTERNAL', `cannot sign a non-finite number at ${path}`);
      }
      return JSON.stringify(value);
    case 'object': {
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      if (Array.isArray(value)) {
        return `[${value.map((item, i) => serialize(item ?? null, `${path}[${i}]`)).join(',')}]`;
      }
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${serialize(v, `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new ConfitureError('INTERNAL', `cannot sign a ${typeof value} at ${path}`);
  }
}
