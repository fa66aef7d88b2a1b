import { createHash } from 'node:crypto';
import { columnChanges, keyFingerprint, type RecordedColumn } from './resume-guard';

const column = (name: string, type = 'integer', notNull = false): RecordedColumn => ({
  name,
  type,
  notNull,
  generated: '',
  collation: '',
});

describe('columnChanges', () => {
  it('says nothing of the same columns', () => {
    expect(columnChanges([column('a'), column('b')], [column('a'), column('b')])).toEqual([]);
  });

  it('names a typmod change', () => {
    expect(columnChanges([column('p', 'numeric(10,2)')], [column('p', 'numeric(12,2)')])).toEqual([
      'column p is numeric(12,2), was numeric(10,2)',
    ]);
  });

  it('names a dropped column and a new order', () => {
    expect(columnChanges([column('a'), column('b')], [column('b')])).toEqual([
      'column a was dropped',
    ]);
    expect(columnChanges([column('a'), column('b')], [column('b'), column('a')])).toEqual([
      'columns are in another order (b, a)',
    ]);
  });
});

describe('keyFingerprint', () => {
  const seeds = (value: string) => new Map([['tables.users[0]', value]]);

  it('depends on every seed and on where it is used, and is neither seed nor its hash', () => {
    const seed = 'a-test-seed-of-some-length';
    const fingerprint = keyFingerprint(seeds(seed));
    expect(fingerprint).toBe(keyFingerprint(seeds(seed)));
    expect(fingerprint).not.toBe(keyFingerprint(seeds(`${seed}x`)));
    expect(fingerprint).not.toBe(keyFingerprint(new Map([['tables.users[1]', seed]])));
    expect(fingerprint).not.toContain(seed);
    expect(fingerprint).not.toContain(createHash('sha256').update(seed).digest('hex'));
  });
});
