/**
 * The e2e suite: a fresh Nx workspace in the OS temp dir, the packed Specwright packages served
 * from a local registry, `nx add @specwright/nx`, then the real nx CLI for every step a user
 * takes. One test file runs the steps in order on one workspace, so installs happen once.
 * Timeouts are set in that file: `testTimeout` is a global option, ignored in a project config.
 */
module.exports = {
  displayName: 'e2e',
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
};
