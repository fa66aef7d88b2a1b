import fc from 'fast-check';
import { decodeCopyField, encodeCopyField } from './copy-text';
import { transformCopyRows } from './row-transform';

const upper = (v: string | null) => (v === null ? null : v.toUpperCase());

describe('transformCopyRows', () => {
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

  it('agrees with a naive decode-transform-encode of every row', () => {
    const field = fc.option(fc.string({ unit: 'binary', maxLength: 8 }), { nil: null });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 3, maxLength: 3 }), { maxLength: 20 }),
        fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
        (table, which) => {
          const input = table.map((row) => row.map(encodeCopyField).join('\t') + '\n').join('');
          const transforms = which.map((on) => (on ? upper : undefined));
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
  });
});
