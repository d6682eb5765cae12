// Architecture rules, checked by `npm run lint` and the lint stage of `npm test` (dependency-cruiser,
// https://github.com/sverweij/dependency-cruiser/blob/main/doc/rules-reference.md). Type-only imports count:
// a circle of types is still a circle, and a type import still ties two folders together.
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const path = require('node:path');

const escape = (file) => file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Files that start with the "use client" directive: React client components and the hooks they use. */
function clientFiles() {
  const found = [];
  for (const dir of ['app', 'lib']) {
    for (const entry of readdirSync(dir, { recursive: true })) {
      const file = path.join(dir, String(entry));
      if (!/\.(ts|tsx)$/.test(file) || file.includes('generated')) continue;
      if (/^\s*['"]use client['"]/.test(readFileSync(file, 'utf8'))) found.push(file);
    }
  }
  return found;
}

/** The lib/ modules that client files import at run time (not `import type`): they reach the browser too. */
function browserLibModules(clients) {
  const modules = new Set();
  for (const file of clients) {
    for (const [, names, specifier] of readFileSync(file, 'utf8').matchAll(
      /import\s+(type\s+)?[^'"]*from\s+'@\/(lib\/[^']+)'/g,
    )) {
      if (names) continue;
      const base = specifier;
      const candidate = [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((f) => existsSync(f));
      if (candidate) modules.add(candidate);
    }
  }
  return [...modules];
}

const clients = clientFiles();
const browserCode = [...clients, ...browserLibModules(clients)];
const browserPath = browserCode.length > 0 ? `^(${browserCode.map(escape).join('|')})$` : '^$';

const RUNTIME = '^(lib|app|monitor|worker)/|^proxy\\.ts$';
const TESTS = '\\.test\\.tsx?$';
const SERVER_ONLY = [
  '^lib/db/',
  '^lib/context\\.ts$',
  '^lib/errors\\.ts$',
  '^lib/http/(error-response|form-error|route)\\.ts$',
  '(^|/)node_modules/(@prisma|pg|pg-pool)/',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import circles, type-only and dynamic ones included. A job handler imports its declaration, never the other way round.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-lazy-imports-of-our-code',
      severity: 'error',
      comment: 'A dynamic import() of our own code hides a dependency (and a circle) from readers and tools.',
      from: { path: RUNTIME, pathNot: TESTS },
      to: { dependencyTypes: ['dynamic-import'], path: RUNTIME },
    },
    {
      name: 'runtime-not-to-tooling',
      severity: 'error',
      comment:
        'Runtime code (lib/, app/, monitor/, worker/) never imports tooling: scripts/, playwright/, bench/ or test helpers. Move shared code down into lib/.',
      from: { path: RUNTIME, pathNot: TESTS },
      to: { path: '^(scripts|playwright|bench|test)/' },
    },
    {
      name: 'jobs-tools-not-to-domain',
      severity: 'error',
      comment:
        'lib/jobs/ is a tool (define-job, enqueue, executor): it never imports a capability. Jobs live in lib/<capability>/jobs/.',
      from: { path: '^lib/jobs/' },
      // The service context (and its clock) is what every handler is given, not a capability.
      to: { path: '^lib/', pathNot: ['^lib/jobs/', '^lib/db/', '^lib/context\\.ts$', '^lib/clock\\.ts$'] },
    },
    {
      name: 'app-data-only-through-lib',
      severity: 'error',
      comment:
        'app/ reaches data only through lib/ services: no database client, Prisma or pg in pages, routes or actions.',
      from: { path: '^app/' },
      to: { path: ['^lib/db/', '(^|/)node_modules/(@prisma|pg|pg-pool)/'] },
    },
    {
      name: 'no-server-code-in-browser',
      severity: 'error',
      comment:
        'Client components ("use client") and the lib/ modules they import at run time reach the browser bundle: no database, Prisma, ' +
        'service context or server error classes there (a type-only import is erased and allowed).',
      from: { path: browserPath },
      to: { path: SERVER_ONLY, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'sandbox-shares-nothing',
      severity: 'error',
      comment:
        'The sandbox stands in for another company’s service: it imports nothing of the product and is reached only over HTTP. ' +
        'Its tests may use the shared test database harness (test/support/db.ts), which is tooling, not product.',
      from: { path: '^sandbox/' },
      to: { path: '^(lib|app|monitor|worker|prisma)/|^proxy\\.ts$' },
    },
    {
      name: 'sandbox-runtime-not-to-tooling',
      severity: 'error',
      comment: 'The sandbox server is runtime code too: only its tests reach the test harness.',
      from: { path: '^sandbox/', pathNot: TESTS },
      to: { path: '^(scripts|playwright|bench|test)/' },
    },
    {
      name: 'product-shares-nothing-with-sandbox',
      severity: 'error',
      comment: 'Nothing of ours imports the sandbox: it is reached only over HTTP.',
      from: { pathNot: '^sandbox/' },
      to: { path: '^sandbox/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve cannot be checked by the rules above.',
      from: { path: RUNTIME },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // test/fixtures/architecture breaks every rule on purpose (test/architecture.test.ts cruises it on its own).
    exclude: { path: ['(^|/)(node_modules|\\.next|\\.data|lib/db/generated)/', '^test/fixtures/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
