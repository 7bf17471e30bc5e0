/**
 * Jest runs the TypeScript sources directly through ts-jest's ESM preset. ts-jest only
 * transpiles (tsconfig.json sets isolatedModules, so it builds no type-checking program per
 * file); `npm run typecheck` type-checks the tests.
 */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }]
  },
  clearMocks: true,
  // one worker per core: Jest's default (cores - 1) runs every file on one worker on a
  // 2-core machine, while many tests wait on git and node child processes
  maxWorkers: '100%',
  testTimeout: 60000
}
