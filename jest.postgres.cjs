/**
 * Jest settings for projects with integration tests (`*.int.spec.ts`): DATABASE_URL names a real
 * PostgreSQL server during the run (the configured one, else an embedded cluster).
 * @type {import('jest').Config}
 */
module.exports = {
  globalSetup: require.resolve('@confiture/pg-harness/jest-global-setup'),
  globalTeardown: require.resolve('@confiture/pg-harness/jest-global-teardown'),
  // Integration tests start servers and copy data; give them room.
  testTimeout: 120_000,
};
