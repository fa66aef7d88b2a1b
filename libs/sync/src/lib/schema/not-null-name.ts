/** PostgreSQL's NAMEDATALEN - 1: the longest identifier, in bytes. */
const MAX_IDENTIFIER_BYTES = 63;

/**
 * The name PostgreSQL 18+ gives a NOT NULL constraint it names itself (`<table>_<column>_not_null`,
 * shortened like makeObjectName() does), so that only names chosen by someone are written out.
 */
export function defaultNotNullName(table: string, column: string): string {
  return makeObjectName(table, column, 'not_null');
}

/**
 * `name1_name2_label`, cutting the longer of name1 and name2 one byte at a time until the whole
 * fits in 63 bytes, then back to a character boundary (PostgreSQL's makeObjectName).
 */
export function makeObjectName(name1: string, name2: string, label: string): string {
  const first = Buffer.from(name1, 'utf8');
  const second = Buffer.from(name2, 'utf8');
  const available = MAX_IDENTIFIER_BYTES - (Buffer.byteLength(label, 'utf8') + 2);
  let firstBytes = first.length;
  let secondBytes = second.length;
  while (firstBytes + secondBytes > available) {
    if (firstBytes > secondBytes) firstBytes--;
    else secondBytes--;
  }
  return `${clip(first, firstBytes)}_${clip(second, secondBytes)}_${label}`;
}

/** The first `bytes` bytes of UTF-8 `text`, without a partial character at the end. */
function clip(text: Buffer, bytes: number): string {
  let end = bytes;
  // Step back over continuation bytes (10xxxxxx) so the cut falls between characters.
  if (end < text.length) while (end > 0 && (text[end]! & 0xc0) === 0x80) end--;
  return text.subarray(0, end).toString('utf8');
}
