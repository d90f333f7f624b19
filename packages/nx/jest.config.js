/** Unit tests beside the code; TypeScript is transpiled only (tsc -b typechecks). */
module.exports = {
  displayName: 'nx',
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
};
