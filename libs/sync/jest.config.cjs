/** @type {import('jest').Config} */
module.exports = {
  displayName: 'sync',
  preset: '../../jest.preset.cjs',
  ...require('../../jest.postgres.cjs'),
};
