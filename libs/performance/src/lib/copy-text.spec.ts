import fc from 'fast-check';
import { CopyRowSplitter, decodeCopyField, encodeCopyField } from './copy-text';

describe('COPY text fields', () => {
  it('decodes NULL and escapes as PostgreSQL writes them', () => {
    expect(decodeCopyField('\\N')).toBeNull();
    expect(decodeCopyField('a\\tb\\nc\\\\d\\re')).toBe('a\tb\nc\\d\re');
    expect(decodeCopyField('\\001\\x41')).toBe('\u0001A');
    expect(decodeCopyField('plain')).toBe('plain');
  });

  it('encodes what it decodes, for any string', () => {
    fc.assert(
      fc.property(fc.option(fc.string({ unit: 'binary' }), { nil: null }), (value) => {
        const field = encodeCopyField(value);
        expect(field.includes('\t') || field.includes('\n')).toBe(false);
        expect(decodeCopyField(field)).toBe(value);
      }),
    );
  });

  it('keeps a literal backslash-N distinct from NULL', () => {
    expect(encodeCopyField('\\N')).toBe('\\\\N');
    expect(decodeCopyField(encodeCopyField('\\N'))).toBe('\\N');
  });
});

describe('CopyRowSplitter', () => {
  it('returns only whole rows, whatever the chunk boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'grapheme' }).map((s) => encodeCopyField(s)),
          { maxLength: 30 },
        ),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1 }),
        (rows, cuts) => {
          const bytes = Buffer.from(rows.map((r) => r + '\n').join(''));
          const splitter = new CopyRowSplitter();
          const out: Buffer[] = [];
          let offset = 0;
          let i = 0;
          while (offset < bytes.length) {
            const size = cuts[i++ % cuts.length]!;
            const piece = splitter.push(bytes.subarray(offset, offset + size));
            offset += size;
            if (piece) {
              expect(piece[piece.length - 1]).toBe(0x0a);
              out.push(piece);
            }
          }
          expect(splitter.flush()).toBeUndefined();
          expect(Buffer.concat(out).equals(bytes)).toBe(true);
        },
      ),
    );
  });
});
