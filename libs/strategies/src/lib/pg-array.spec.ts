import fc from 'fast-check';
import { formatPgArray, mapPgArray, parsePgArray } from './pg-array';

describe('PostgreSQL array text', () => {
  it('parses quoting, escapes, NULL and nesting as array_out writes them', () => {
    expect(parsePgArray('{a,"b c",NULL,"NULL","",{x,"y\\"z"}}').items).toEqual([
      'a',
      'b c',
      null,
      'NULL',
      '',
      ['x', 'y"z'],
    ]);
    expect(parsePgArray('[0:1]={1,2}')).toEqual({ dimensions: '[0:1]=', items: ['1', '2'] });
    expect(parsePgArray('{}').items).toEqual([]);
  });

  it('round-trips any list of strings and NULLs', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.string({ unit: 'grapheme' }), { nil: null })), (items) => {
        expect(parsePgArray(formatPgArray(items)).items).toEqual(items);
      }),
    );
  });

  it('maps every element at any depth and re-encodes', () => {
    expect(mapPgArray('{{a,b},{"c d",NULL}}', (v) => (v === null ? null : `<${v}>`))).toBe(
      '{{<a>,<b>},{"<c d>",NULL}}',
    );
  });

  it('refuses text that is not an array literal', () => {
    expect(() => parsePgArray('a,b')).toThrow('array value: expected "{" at position 0');
  });
});
