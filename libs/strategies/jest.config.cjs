/** @type {import('jest').Config} */
module.exports = {
  displayName: 'strategies',
  preset: '../../jest.preset.cjs',
};
