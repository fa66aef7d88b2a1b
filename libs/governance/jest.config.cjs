/** @type {import('jest').Config} */
module.exports = {
  displayName: 'governance',
  preset: '../../jest.preset.cjs',
  ...require('../../jest.postgres.cjs'),
};
