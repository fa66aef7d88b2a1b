/**
 * PostgreSQL COPY text format (the default of `COPY ... TO STDOUT`): one row per line, columns
 * separated by tabs, NULL written `\N`, and backslash escapes for backslash, tab, newline, carriage
 * return and a few control characters. A newline byte therefore always ends a row, which lets a
 * stream be cut into batches of whole rows without parsing them.
 */

/** The representation of NULL in COPY text format. */
export const COPY_NULL = '\\N';

const ESCAPES: Record<string, string> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** Decodes one field as COPY text format writes it; `\N` is NULL. */
export function decodeCopyField(field: string): string | null {
  if (field === COPY_NULL) return null;
  if (field.indexOf('\\') < 0) return field;
  let out = '';
  let i = 0;
  while (i < field.length) {
    const ch = field[i]!;
    if (ch !== '\\' || i + 1 >= field.length) {
      out += ch;
      i++;
      continue;
    }
    const next = field[i + 1]!;
    const simple = ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i += 2;
    } else if (next >= '0' && next <= '7') {
      // \ooo: one to three octal digits (a byte; PostgreSQL only emits it for control bytes)
      let j = i + 1;
      while (j < field.length && j < i + 4 && field[j]! >= '0' && field[j]! <= '7') j++;
      out += String.fromCharCode(parseInt(field.slice(i + 1, j), 8));
      i = j;
    } else if (next === 'x' && /^[0-9a-fA-F]/.test(field[i + 2] ?? '')) {
      let j = i + 2;
      while (j < field.length && j < i + 4 && /[0-9a-fA-F]/.test(field[j]!)) j++;
      out += String.fromCharCode(parseInt(field.slice(i + 2, j), 16));
      i = j;
    } else {
      // Any other escaped character stands for itself.
      out += next;
      i += 2;
    }
  }
  return out;
}

/**
 * A backslash or a control character COPY text escapes (\b \t \n \v \f \r). A regular expression
 * tests a value in about half the time of a loop over its characters.
 */
// eslint-disable-next-line no-control-regex -- these control characters are what COPY escapes
export const NEEDS_ESCAPE = /[\\\x08-\x0d]/;

/** Encodes a value as a COPY text field; `null` becomes `\N`. */
export function encodeCopyField(value: string | null): string {
  if (value === null) return COPY_NULL;
  if (!NEEDS_ESCAPE.test(value)) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    switch (ch) {
      case '\\':
        out += '\\\\';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
        break;
      case '\v':
        out += '\\v';
        break;
      default:
        out += ch;
    }
  }
  return out;
}

/**
 * Cuts a byte stream of COPY text into pieces that end on a row boundary. Feed it chunks as they
 * arrive; it returns the complete rows seen so far and keeps the incomplete tail.
 */
export class CopyRowSplitter {
  private tail: Buffer | undefined;

  /** Complete rows (ending with `\n`) from the data seen so far, or undefined if none yet. */
  push(chunk: Buffer): Buffer | undefined {
    const data = this.tail ? Buffer.concat([this.tail, chunk]) : chunk;
    const end = data.lastIndexOf(0x0a);
    if (end < 0) {
      this.tail = data;
      return undefined;
    }
    this.tail = end + 1 < data.length ? data.subarray(end + 1) : undefined;
    return data.subarray(0, end + 1);
  }

  /** Bytes left over; a well-formed stream leaves none. */
  flush(): Buffer | undefined {
    const rest = this.tail;
    this.tail = undefined;
    return rest && rest.length > 0 ? rest : undefined;
  }
}
