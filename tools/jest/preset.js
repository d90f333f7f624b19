/**
 * Shared Jest settings of every package: TypeScript transpiled by ts-jest (tsc -b typechecks),
 * and the few ESM-only packages openapi-typescript's CommonJS build requires transpiled to CJS.
 * Node ≥ 20.19 loads those natively (require(esm)); Jest's module registry cannot before
 * Node 24.9, and would fail every suite that loads @specwright/core.
 */
module.exports = function preset(dir, displayName, extra = {}) {
  return {
    displayName,
    testEnvironment: 'node',
    rootDir: dir,
    testMatch: ['<rootDir>/src/**/*.spec.ts'],
    transform: {
      '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
      '^.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true, module: 'commonjs', target: 'ES2022', esModuleInterop: true } }],
    },
    transformIgnorePatterns: ['/node_modules/(?!(openapi-typescript/node_modules/)?(parse-json|index-to-position|supports-color|change-case)/)'],
    // Generated code imports `./types.js` (ESM-style specifiers); Jest resolves them to the .ts.
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    ...extra,
  };
};
