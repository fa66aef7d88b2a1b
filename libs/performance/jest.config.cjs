/** @type {import('jest').Config} */
module.exports = {
  displayName: 'performance',
  preset: '../../jest.preset.cjs',
};
