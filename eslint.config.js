// Flat config: typescript-eslint's recommended rules over the whole tree.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

// Data access stays in one place per table: outside repositories (and the database
// wiring in src/database/), no code opens a DataSource, a QueryRunner or runs SQL.
// Migrations, seeds, the benchmark and the tests are outside src/ and not bound by this.
const SQL_ONLY_IN_REPOSITORIES = 'SQL and the DataSource belong in a *.repository.ts of the module that owns the table (or src/database/ for the wiring)';
const dataAccess = {
  files: ['src/**/*.ts'],
  ignores: ['src/**/*.repository.ts', 'src/database/**'],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        paths: [
          { name: 'typeorm', importNames: ['DataSource', 'QueryRunner', 'Repository'], message: SQL_ONLY_IN_REPOSITORIES },
          { name: '@nestjs/typeorm', importNames: ['InjectDataSource', 'InjectEntityManager', 'InjectRepository'], message: SQL_ONLY_IN_REPOSITORIES },
        ],
      },
    ],
    'no-restricted-syntax': [
      'error',
      { selector: "CallExpression[callee.property.name=/^(query|createQueryRunner|createQueryBuilder|getRepository)$/]", message: SQL_ONLY_IN_REPOSITORIES },
    ],
  },
};

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-control-regex': 'off',
    },
  },
  dataAccess,
);
