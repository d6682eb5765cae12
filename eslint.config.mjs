import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const CSV_WRITER_ONLY = ['csv-stringify', 'csv-stringify/sync'].map((name) => ({ name, message: 'Write CSV with lib/csv/write-csv.ts: it neutralises formula cells (OWASP CSV injection).' }));

export default [
  ...nextVitals,
  ...nextTs,
  { ignores: ['.next/**', '.data/**', 'node_modules/**', 'lib/db/generated/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**'] },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import/no-anonymous-default-export': 'off',
    },
  },
  // Tests poke at untyped JSON from HTTP answers; `any` there is a reading aid, not a design.
  { files: ['**/*.test.ts', '**/*.test.tsx', '**/test/**/*.ts', 'playwright/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // Architecture rules: the browser never reaches the database, and the sandbox shares no code with the product.
  {
    files: ['app/**/*.tsx', 'app/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: CSV_WRITER_ONLY, patterns: [{ group: ['@/lib/db/*', '**/lib/db/*', '@prisma/*', 'pg'], message: 'app/ reaches data only through lib/ services.' }] }],
    },
  },
  // Every CSV export goes through the one writer that neutralises formula cells (OWASP CSV injection).
  {
    files: ['lib/**/*.ts', 'monitor/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    ignores: ['lib/csv/write-csv.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: CSV_WRITER_ONLY }] },
  },
  {
    files: ['sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@/*', '**/lib/**', '**/app/**'], message: 'The sandbox stands in for another company’s service: it shares no code with the product.' }] }],
    },
  },
];
