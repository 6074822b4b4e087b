// Transpile-only ts-jest: type-checking runs once, through `npm run typecheck`,
// instead of again in every test file (3-13x slower).
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
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
