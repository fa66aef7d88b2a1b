import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import * as jsoncParser from 'jsonc-eslint-parser';

/**
 * Dependency direction of SPEC.md ("Layout"): domain <- strategies <- performance; domain <- security;
 * sync and governance compose them; compliance reads results; apps compose everything.
 * Test code may also use the tools in tools/ (tagged type:tool); production code may not (see below).
 */
const depConstraints = [
  { sourceTag: 'scope:domain', onlyDependOnLibsWithTags: ['scope:domain'] },
  { sourceTag: 'scope:strategies', onlyDependOnLibsWithTags: ['scope:domain', 'type:tool'] },
  {
    sourceTag: 'scope:performance',
    onlyDependOnLibsWithTags: ['scope:domain', 'scope:strategies', 'type:tool'],
  },
  { sourceTag: 'scope:security', onlyDependOnLibsWithTags: ['scope:domain', 'type:tool'] },
  {
    // Not security: the recorder of runs (in security) reaches the sync through domain's
    // SyncRecorder contract, so loading the sync loads no key-provider SDK.
    sourceTag: 'scope:sync',
    onlyDependOnLibsWithTags: [
      'scope:domain',
      'scope:strategies',
      'scope:performance',
      'type:tool',
    ],
  },
  {
    sourceTag: 'scope:governance',
    onlyDependOnLibsWithTags: [
      'scope:domain',
      'scope:strategies',
      'scope:performance',
      'scope:security',
      'scope:sync',
      'type:tool',
    ],
  },
  {
    // sync: the subject-rights walk reads the catalog and follows its foreign keys.
    sourceTag: 'scope:compliance',
    onlyDependOnLibsWithTags: [
      'scope:domain',
      'scope:security',
      'scope:governance',
      'scope:sync',
      'type:tool',
    ],
  },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:tool'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:tool'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:tool'] },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: [
      '**/dist',
      '**/native/build',
      '**/out-tsc',
      '**/coverage',
      '**/node_modules',
      '**/.nx',
      '**/tmp',
    ],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints,
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Tests assert shapes right after producing them; `!` there says "the test fails anyway".
    files: ['**/*.spec.ts', '**/test-support/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // Test code runs from sources: it may use the (non-buildable) test tools, and Jest configs
    // require the workspace's shared settings by relative path. Dependency directions still hold.
    files: ['**/*.spec.ts', '**/test-support/**/*.ts', '**/jest.config.cjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: ['../../jest.postgres.cjs', '../../jest.preset.cjs'],
          depConstraints,
        },
      ],
    },
  },
  {
    // `confiture demo` starts an embedded PostgreSQL through the harness, which is plain JavaScript
    // (it must run before anything is built) and so has nothing to build.
    files: ['apps/cli/src/commands/demo.ts', 'apps/daemon/src/demo/demo.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: true, allow: ['@confiture/pg-harness'], depConstraints },
      ],
    },
  },
  {
    // Production code of libraries never imports the test/demo tools (the CLI's demo may).
    files: ['libs/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int.spec.ts', '**/test-support/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@confiture/pg-harness',
              message: 'pg-harness is for tests, demo and benchmarks only.',
            },
            {
              name: '@confiture/dataset',
              message: 'dataset is for tests, demo and benchmarks only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/package.json'],
    languageOptions: { parser: jsoncParser },
    rules: {
      '@nx/dependency-checks': [
        'error',
        {
          ignoredFiles: [
            '{projectRoot}/eslint.config.{js,cjs,mjs}',
            '{projectRoot}/jest.config.{js,cjs,mjs,ts}',
            '{projectRoot}/**/*.spec.ts',
            '{projectRoot}/src/test-support/**',
            '{projectRoot}/bench/**',
          ],
          // pg-harness has no build, which this rule reads as "not a dependency"; the CLI's demo
          // does use it (and libraries may not, see no-restricted-imports above).
          ignoredDependencies: ['tslib', '@confiture/pg-harness'],
        },
      ],
    },
  },
  prettier,
];
