import { ConfitureError } from '@confiture/domain';

/** A parsed PostgreSQL array: elements (NULL as null) and nested sub-arrays. */
export type PgArray = (string | null | PgArray)[];

/**
 * Parses array_out text (`{a,"b c",NULL,{x,y}}`, optionally prefixed by dimensions such as
 * `[0:1]=`). Returns the prefix and the elements.
 */
export function parsePgArray(text: string): { dimensions: string; items: PgArray } {
  const invalid = (why: string) =>
    new ConfitureError('STRATEGY_VALUE', `array value: ${why}`, {
      hint: 'The column is declared as an array but its text is not a PostgreSQL array literal.',
    });
  let pos = 0;
  let dimensions = '';
  if (text.startsWith('[')) {
    const eq = text.indexOf('=');
    if (eq < 0) throw invalid('dimension decoration without "="');
    dimensions = text.slice(0, eq + 1);
    pos = eq + 1;
  }
  const parseArray = (): PgArray => {
    if (text[pos] !== '{') throw invalid(`expected "{" at position ${pos}`);
    pos++;
    const items: PgArray = [];
    if (text[pos] === '}') {
      pos++;
      return items;
    }
    for (;;) {
      const ch = text[pos];
      if (ch === '{') items.push(parseArray());
      else if (ch === '"') {
        let value = '';
        pos++;
        for (;;) {
          if (pos >= text.length) throw invalid('unterminated quoted element');
          const c = text[pos++]!;
          if (c === '\\') value += text[pos++] ?? '';
          else if (c === '"') break;
          else value += c;
        }
        items.push(value);
      } else {
        const start = pos;
        while (pos < text.length && text[pos] !== ',' && text[pos] !== '}') {
          if (text[pos] === '\\') pos++;
          pos++;
        }
        const raw = text.slice(start, pos);
        items.push(raw === 'NULL' ? null : raw.replace(/\\(.)/g, '$1'));
      }
      const sep = text[pos++];
      if (sep === '}') return items;
      if (sep !== ',') throw invalid(`expected "," or "}" at position ${pos - 1}`);
    }
  };
  const items = parseArray();
  if (pos !== text.length) throw invalid('text after the closing "}"');
  return { dimensions, items };
}

/** Encodes elements as array_out does: quoting when needed, escaping `"` and `\`. */
export function formatPgArray(items: PgArray, dimensions = ''): string {
  const encode = (list: PgArray): string =>
    `{${list
      .map((item) =>
        item === null ? 'NULL' : Array.isArray(item) ? encode(item) : quoteElement(item),
      )
      .join(',')}}`;
  return dimensions + encode(items);
}

function quoteElement(value: string): string {
  if (value !== '' && !/[{}",\\\s]/.test(value) && value.toUpperCase() !== 'NULL') return value;
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** Maps `fn` over every element (at any depth) of an array literal, re-encoding the result. */
export function mapPgArray(text: string, fn: (element: string | null) => string | null): string {
  const { dimensions, items } = parsePgArray(text);
  const map = (list: PgArray): PgArray =>
    list.map((item) => (Array.isArray(item) ? map(item) : fn(item)));
  return formatPgArray(map(items), dimensions);
}
