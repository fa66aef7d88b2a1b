import { seedStrength } from './seed-strength';

describe('seedStrength', () => {
  it.each([
    ['nothex', 'base64', 36, false],
    ['deadbeef', 'hex', 32, false],
    ['0123456789abcdef0123456789abcdef', 'hex', 128, true],
    ['q3J8vZk1Lr0xWm9TfA7yQb', 'base64', 132, true],
    ['correct horse battery', 'text', 137, true],
    ['0'.repeat(40), 'hex', 160, false],
  ])('%p is %s with at most %i bits (strong: %p)', (seed, alphabet, bits, strong) => {
    expect(seedStrength(seed)).toMatchObject({ alphabet, bits, strong });
  });

  it('counts characters, not UTF-16 units', () => {
    expect(seedStrength('🔑🔑').distinct).toBe(1);
    expect(seedStrength('🔑🔒').bits).toBe(Math.floor(2 * Math.log2(95)));
  });
});
