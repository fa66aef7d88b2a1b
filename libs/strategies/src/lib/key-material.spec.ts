import { inspect } from 'node:util';
import { Secret } from '@confiture/domain';
import { errorOf } from '../test-support/harness';
import { createKeyMaterial } from './key-material';

describe('createKeyMaterial', () => {
  it('derives the same key for the same seed and purpose, from a string or a Secret', () => {
    const a = createKeyMaterial('s3cret-seed').key('email');
    const b = createKeyMaterial(new Secret('s3cret-seed')).key('email');
    expect(a.equals(b)).toBe(true);
    expect(a).toHaveLength(32);
  });

  it('derives different keys for different purposes and different seeds', () => {
    const keys = createKeyMaterial('s3cret-seed');
    expect(keys.key('email').equals(keys.key('hash:sha256:salt'))).toBe(false);
    expect(keys.key('email').equals(createKeyMaterial('other-seed').key('email'))).toBe(false);
  });

  it('never prints the seed', () => {
    const keys = createKeyMaterial('s3cret-seed');
    expect(inspect(keys)).toBe('KeyMaterial(***)');
    expect(JSON.stringify({ keys })).not.toContain('s3cret');
    expect(String(keys)).toBe('KeyMaterial(***)');
  });

  it('refuses an empty seed with SEED_MISSING', () => {
    expect(errorOf(() => createKeyMaterial('')).code).toBe('SEED_MISSING');
  });
});
