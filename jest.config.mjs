/** Jest runs the suite as native ESM (NestJS 12 is ESM-only); see README "Tests". */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  // A test's and a hook's limit: generous, as two workers share two cores with PostgreSQL and
  // Chromium (setting up an app and a chain took over 30 s at load 10); a hang still fails.
  testTimeout: 90000,
  // Two workers, each with a database of its own (test/support/test-db.ts): the suite is mostly
  // one core's work per file (importing the app, the browser's page), so a second worker on a
  // second core nearly halves the run. CSSD_TEST_WORKERS=1 runs it in one process.
  maxWorkers: Number(process.env.CSSD_TEST_WORKERS ?? 2),
};
