import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const CSV_WRITER_ONLY = ['csv-stringify', 'csv-stringify/sync'].map((name) => ({
  name,
  message: 'Write CSV with lib/csv/write-csv.ts: it neutralises formula cells (OWASP CSV injection).',
}));

export default [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      '.next/**',
      '.data/**',
      'node_modules/**',
      'lib/db/generated/**',
      'next-env.d.ts',
      'test-results/**',
      'playwright-report/**',
      'test/fixtures/**',
    ],
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import/no-anonymous-default-export': 'off',
    },
  },
  // Tests poke at untyped JSON from HTTP answers; `any` there is a reading aid, not a design.
  {
    files: ['**/*.test.ts', '**/*.test.tsx', '**/test/**/*.ts', 'playwright/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // CommonJS config files (dependency-cruiser reads .cjs): require() is how they import.
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // Architecture rules (import circles, runtime vs tooling, the browser and the database, the sandbox) live in
  // .dependency-cruiser.cjs, checked by `npm run lint` and the lint stage of `npm test`.
  // Every CSV export goes through the one writer that neutralises formula cells (OWASP CSV injection).
  {
    files: [
      'app/**/*.ts',
      'app/**/*.tsx',
      'lib/**/*.ts',
      'worker/**/*.ts',
      'monitor/**/*.ts',
      'scripts/**/*.ts',
      'bench/**/*.ts',
    ],
    ignores: ['lib/csv/write-csv.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: CSV_WRITER_ONLY }] },
  },
];
