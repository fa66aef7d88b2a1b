import type { TypeCategory } from './column';

const INTEGER = /^\s*[+-]?\d+\s*$/;
const NUMERIC = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$|^\s*NaN\s*$/i;
const FLOAT = /^\s*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|infinity|inf|nan)\s*$/i;
const DATE = /^\d{4,}-\d{2}-\d{2}(?: BC)?$|^-?infinity$/;
const TIMESTAMP =
  /^\d{4,}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?|Z)?(?: BC)?$|^-?infinity$/;
const BOOLEAN = /^\s*(?:t|f|true|false|y|n|yes|no|on|off|1|0)\s*$/i;
const UUID = /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;
const INET = /^[0-9a-f:.]+(?:\/\d{1,3})?$/i;

/**
 * Whether `text` is (very likely) valid PostgreSQL input for a column of `category`. Used at plan
 * time for constant outputs (redact replacements); unknown categories accept anything.
 */
export function isValidTextFor(text: string, category: TypeCategory): boolean {
  switch (category) {
    case 'integer':
      return INTEGER.test(text);
    case 'numeric':
      return NUMERIC.test(text);
    case 'float':
      return FLOAT.test(text);
    case 'date':
      return DATE.test(text);
    case 'timestamp':
    case 'timestamptz':
      return TIMESTAMP.test(text);
    case 'boolean':
      return BOOLEAN.test(text);
    case 'uuid':
      return UUID.test(text);
    case 'inet':
      return INET.test(text);
    case 'json':
    case 'jsonb':
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    default:
      return true;
  }
}
