// Transpile-only ts-jest (tsconfig.json's isolatedModules, which ts-jest follows): type-checking
// runs once, through `npm run typecheck`, instead of again in every test file (3-13x slower).
//
// JEST_FAILURE_CANARY=1 runs only test/canary/, whose test fails on purpose: .ci/run
// uses it to prove that `npm test` exits non-zero when a test fails (moto running).
const failureCanary = process.env.JEST_FAILURE_CANARY === '1';

// glibc's malloc with huge pages for every process Jest starts after reading this file: its
// workers, moto, mermaid and what the tests start (see test/jest/malloc-huge-pages.js).
process.env.GLIBC_TUNABLES = require('./test/jest/malloc-huge-pages').withMallocHugePages(process.env.GLIBC_TUNABLES);

module.exports = {
  // aws-cdk-lib, constructs, cdk-nag and the AWS SDK are loaded once per worker instead of once
  // per test file (most of the suite's time, before): see test/jest/shared-modules.js.
  runtime: '<rootDir>/test/jest/shared-runtime.js',
  testEnvironment: '<rootDir>/test/jest/environment.js',
  roots: ['<rootDir>/test'],
  testMatch: failureCanary ? ['<rootDir>/test/canary/*.canary.ts'] : ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': 'ts-jest',
  },
  setupFilesAfterEnv: ['aws-cdk-lib/testhelpers/jest-autoclean'],
  // Each worker starts with a file that needs no moto, while moto starts (see sequencer.js).
  testSequencer: '<rootDir>/test/jest/sequencer.js',
  globalSetup: '<rootDir>/test/jest/global-setup.ts',
  globalTeardown: '<rootDir>/test/jest/global-teardown.ts',
  testTimeout: 60000,
  // Jest's default leaves a core idle (cores - 1); the suites are independent, use them all.
  maxWorkers: '100%',
};
