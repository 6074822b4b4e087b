// Transpile-only ts-jest: type-checking runs once, through `npm run typecheck`,
// instead of again in every test file (3-13x slower).
//
// JEST_FAILURE_CANARY=1 runs only test/canary/, whose test fails on purpose: .ci/run
// uses it to prove that `npm test` exits non-zero when a test fails (moto running).
const failureCanary = process.env.JEST_FAILURE_CANARY === '1';

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: failureCanary ? ['<rootDir>/test/canary/*.canary.ts'] : ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true }],
  },
  setupFilesAfterEnv: ['aws-cdk-lib/testhelpers/jest-autoclean'],
  globalSetup: '<rootDir>/test/moto/global-setup.ts',
  globalTeardown: '<rootDir>/test/moto/global-teardown.ts',
  testTimeout: 60000,
  // Jest's default leaves a core idle (cores - 1); the suites are independent, use them all.
  maxWorkers: '100%',
};
