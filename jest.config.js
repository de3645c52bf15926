// Three tiers, each a Jest project:
// - unit: specs next to the code (src/, seeds/). No PostgreSQL, no Redis, no global set-up.
// - e2e: test/*.e2e-spec.ts, against the real PostgreSQL and Redis (test/support/global-setup.ts).
// - faults: test/faults/, the fault and abuse suite: Redis outages, killed workers, concurrency,
//   PostgreSQL down, hostile input, the access matrix. Real services too, and slower.
// `npm test` runs all three; `npm run test:unit`, `test:e2e` and `test:faults` one each.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
const services = {
  testEnvironment: 'node',
  rootDir: '.',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  setupFiles: ['<rootDir>/test/support/env.ts'],
  transform,
};

module.exports = {
  maxWorkers: 2,
  testTimeout: 30000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/seeds/**/*.spec.ts'],
      transform,
    },
    { ...services, displayName: 'e2e', testMatch: ['<rootDir>/test/*.e2e-spec.ts'] },
    { ...services, displayName: 'faults', testMatch: ['<rootDir>/test/faults/*.e2e-spec.ts'] },
  ],
};
