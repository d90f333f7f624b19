/**
 * One Jest run for everything `npm test` covers: unit tests of each package, integration tests
 * that drive the real nx CLI, and the e2e suite. The totals reporter prints the one-line
 * `N passed, N failed` summary that CI ends with.
 */
module.exports = {
  projects: [
    '<rootDir>/packages/core',
    '<rootDir>/packages/runtime',
    '<rootDir>/packages/conformance',
    '<rootDir>/packages/nx',
    '<rootDir>/e2e/nx-e2e',
    '<rootDir>/tools/fake-anthropic',
  ],
  reporters: ['default', '<rootDir>/tools/jest/totals-reporter.js'],
};
