/**
 * Shared Jest settings: TypeScript through SWC (no type-check here; `nx typecheck` does that),
 * workspace packages resolved to their sources through the `@confiture/source` export condition.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'cjs', 'mjs', 'json'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs', ignoreDynamic: true },
        sourceMaps: 'inline',
      },
    ],
  },
  testEnvironmentOptions: {
    customExportConditions: ['@confiture/source', 'node', 'node-addons'],
  },
};
