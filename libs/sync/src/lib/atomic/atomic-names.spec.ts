import { atomicDatabaseNames } from './atomic-names';

describe('atomicDatabaseNames', () => {
  it('gives one building database per key, the same each time', () => {
    const a = atomicDatabaseNames('staging', 'job-1');
    expect(a).toEqual(atomicDatabaseNames('staging', 'job-1'));
    expect(a.building).toMatch(/^staging_cf_[0-9a-f]{10}$/);
    expect(atomicDatabaseNames('staging', 'job-2').building).not.toBe(a.building);
    expect(a.previous).toBe('staging_cf_previous');
    expect(a.swap).toBe('staging_cf_swap');
  });

  it('keeps every name within 63 bytes, cutting multi-byte names on a character', () => {
    const names = atomicDatabaseNames('é'.repeat(40), 'job');
    for (const name of [names.building, names.previous, names.swap]) {
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
      expect(name).not.toContain('\uFFFD');
      expect(name.startsWith('é')).toBe(true);
    }
  });
});
