/** @type {import('jest').Config} */
module.exports = {
  displayName: 'cli',
  preset: '../../jest.preset.cjs',
  ...require('../../jest.postgres.cjs'),
};
