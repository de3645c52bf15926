module.exports = { testEnvironment: 'node', rootDir: '.', testRegex: '.*\\.(spec|e2e-spec)\\.ts$', transform: { '^.+\\.ts$': ['ts-jest', {}] } };
