/** @type {import('jest').Config} */
module.exports = {
  displayName: 'security',
  preset: '../../jest.preset.cjs',
  ...require('../../jest.postgres.cjs'),
};
