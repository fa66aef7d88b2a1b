/** @type {import('jest').Config} */
module.exports = {
  displayName: 'architecture',
  preset: '../../jest.preset.cjs',
  testTimeout: 120_000,
};
