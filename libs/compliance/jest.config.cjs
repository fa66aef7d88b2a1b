/** @type {import('jest').Config} */
module.exports = {
  displayName: 'compliance',
  preset: '../../jest.preset.cjs',
  // Nothing is built here yet (see README.md); the project keeps its place in the test run.
  passWithNoTests: true,
};
