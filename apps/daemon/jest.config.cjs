/**
 * The daemon's tests run its built bin as child processes and talk to it over HTTP (NestJS 12 is
 * ES modules only, which Jest's CommonJS runtime does not load); pure modules are tested in-process.
 * @type {import('jest').Config}
 */
module.exports = {
  displayName: 'daemon',
  preset: '../../jest.preset.cjs',
  ...require('../../jest.postgres.cjs'),
  testTimeout: 240_000,
};
