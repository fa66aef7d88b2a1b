import { decodeCopyField, encodeCopyField } from './copy-text';

/** Turns one column value (PostgreSQL text form, or null) into its anonymized form. */
export type ValueTransform = (value: string | null) => string | null;

/**
 * Applies per-column transforms to rows in COPY text format. Columns without a transform are
 * copied byte for byte (they are never decoded); so is everything after the last transformed column.
 *
 * @param text whole rows, each ending with `\n`
 * @param transforms one entry per column position; `undefined` keeps the column as is
 * @returns the transformed rows and how many there were
 */
export function transformCopyRows(
  text: string,
  transforms: readonly (ValueTransform | undefined)[],
): { text: string; rows: number } {
  let last = -1;
  for (let i = 0; i < transforms.length; i++) if (transforms[i]) last = i;
  let rows = 0;
  if (last < 0) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) rows++;
    return { text, rows };
  }
  const out: string[] = [];
  let start = 0;
  const length = text.length;
  while (start < length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = length;
    let fieldStart = start;
    for (let column = 0; column <= last; column++) {
      let fieldEnd = text.indexOf('\t', fieldStart);
      if (fieldEnd < 0 || fieldEnd > end) fieldEnd = end;
      const transform = transforms[column];
      if (transform) {
        if (fieldStart > start || column > 0) out.push(text.slice(start, fieldStart));
        out.push(encodeCopyField(transform(decodeCopyField(text.slice(fieldStart, fieldEnd)))));
        start = fieldEnd;
      }
      fieldStart = fieldEnd + 1;
      if (fieldEnd === end) break;
    }
    out.push(text.slice(start, end + 1));
    start = end + 1;
    rows++;
  }
  return { text: out.join(''), rows };
}
