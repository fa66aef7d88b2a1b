import fc from 'fast-check';
import { decodeCopyField, encodeCopyField } from './copy-text';
import { transformCopyBuffer, type ValueTransform } from './row-transform';

/** {@link transformCopyBuffer} on a string of COPY rows, as the tests write them. */
function transformCopyRows(
  text: string,
  transforms: readonly (ValueTransform | undefined)[],
): { text: string; rows: number } {
  const { data, rows } = transformCopyBuffer(Buffer.from(text, 'utf8'), transforms);
  return { text: data.toString('utf8'), rows };
}

const upper = (v: string | null) => (v === null ? null : v.toUpperCase());
/** The same transform, with a `prepare` that takes the columnar path (and does nothing). */
const preparedUpper: ValueTransform = Object.assign((v: string | null) => upper(v), {
  prepare: () => undefined,
});

describe('transformCopyBuffer on COPY text', () => {
  it('transforms only the configured columns and keeps the rest byte for byte', () => {
    const input = '1\tann@x.io\tkeep\\tme\n2\t\\N\tz\n';
    const { text, rows } = transformCopyRows(input, [undefined, upper]);
    expect(text).toBe('1\tANN@X.IO\tkeep\\tme\n2\t\\N\tz\n');
    expect(rows).toBe(2);
  });

  it('decodes escapes before the transform and encodes its result', () => {
    const seen: (string | null)[] = [];
    const { text } = transformCopyRows('a\\tb\tc\n', [
      (v) => {
        seen.push(v);
        return 'x\ny';
      },
    ]);
    expect(seen).toEqual(['a\tb']);
    expect(text).toBe('x\\ny\tc\n');
  });

  it('handles the last column and NULL results', () => {
    expect(transformCopyRows('1\tsecret\n', [undefined, () => null]).text).toBe('1\t\\N\n');
  });

  it('counts rows without touching them when nothing is transformed', () => {
    const input = 'a\tb\nc\td\n';
    expect(transformCopyRows(input, [undefined, undefined])).toEqual({ text: input, rows: 2 });
  });

  // 'binary-ascii' batches take the latin1 fast path, 'binary' ones (mostly non-ASCII) the UTF-8 one.
  it.each([
    ['row by row', upper, 'binary'],
    ['column by column (prepare)', preparedUpper, 'binary'],
    ['row by row', upper, 'binary-ascii'],
    ['column by column (prepare)', preparedUpper, 'binary-ascii'],
  ] as const)(
    'agrees with a naive decode-transform-encode of every row, %s, %s text',
    (_, transform, unit) => {
      const field = fc.option(fc.string({ unit, maxLength: 8 }), { nil: null });
      fc.assert(
        fc.property(
          fc.array(fc.array(field, { minLength: 3, maxLength: 3 }), { maxLength: 20 }),
          fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
          (table, which) => {
            const input = table.map((row) => row.map(encodeCopyField).join('\t') + '\n').join('');
            const transforms = which.map((on) => (on ? transform : undefined));
            const expected = table
              .map((row) =>
                row
                  .map((value, i) =>
                    which[i] ? encodeCopyField(upper(value)) : encodeCopyField(value),
                  )
                  .join('\t'),
              )
              .map((line) => line + '\n')
              .join('');
            expect(transformCopyRows(input, transforms).text).toBe(expected);
            // and decoding the output gives the transformed values
            const decoded = expected
              .split('\n')
              .filter(Boolean)
              .map((l) => l.split('\t').map(decodeCopyField));
            expect(decoded.length).toBe(table.length);
          },
        ),
      );
    },
  );

  it('hands each column its non-null values, in row order, before transforming them', () => {
    const events: string[] = [];
    const tracked = (name: string): ValueTransform =>
      Object.assign((v: string | null) => (events.push(`${name}(${v})`), v), {
        prepare: (values: readonly string[]) => events.push(`${name}.prepare[${values.join(',')}]`),
      });
    const input = 'a\t1\tx\nb\t\\N\ty\nc\t3\tz\n';
    const { text } = transformCopyRows(input, [undefined, tracked('n'), tracked('s')]);
    expect(text).toBe(input);
    // A column at a time: its prepare, then its values in row order.
    expect(events).toEqual([
      'n.prepare[1,3]',
      'n(1)',
      'n(null)',
      'n(3)',
      's.prepare[x,y,z]',
      's(x)',
      's(y)',
      's(z)',
    ]);
  });

  it("hands a column's values, nulls included, to its column transform when it has one", () => {
    const seen: (string | null)[][] = [];
    const reverse: ValueTransform = Object.assign(() => 'unused', {
      prepare: () => seen.push(['unused']),
      column: (values: (string | null)[]) => {
        seen.push([...values]);
        values.reverse();
      },
    });
    const { text } = transformCopyRows('a\t1\nb\t\\N\nc\t3\n', [undefined, reverse]);
    expect(seen).toEqual([['1', null, '3']]);
    expect(text).toBe('a\t3\nb\t\\N\nc\t1\n');
  });

  it('escapes only what needs it when some values of a column do', () => {
    const input = 'a\t1\nb\t2\nc\t3\n';
    const out = ['plain', 'tab\there', null];
    let row = 0;
    const { text } = transformCopyRows(input, [undefined, () => out[row++] ?? null]);
    expect(text).toBe('a\tplain\nb\ttab\\there\nc\t\\N\n');
  });

  it('works on bytes: non-ASCII text passes through and short rows keep their length', () => {
    const input = Buffer.from('1\tzoë\tΣ\n2\n3\t😀\n', 'utf8');
    const { data, rows } = transformCopyBuffer(input, [undefined, preparedUpper, preparedUpper]);
    expect(rows).toBe(3);
    expect(data.toString('utf8')).toBe('1\tZOË\tΣ\n2\n3\t😀\n');
  });

  it('writes non-ASCII results of an all-ASCII batch as UTF-8', () => {
    const accent: ValueTransform = (v) => (v === null ? null : `${v}é😀`);
    const { data } = transformCopyBuffer(Buffer.from('1\tab\tc\n', 'utf8'), [undefined, accent]);
    expect(data.toString('utf8')).toBe('1\tabé😀\tc\n');
  });
});
