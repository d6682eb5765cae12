#!/usr/bin/env node
// `npm test`: installs what is missing, then runs every test stage (scripts/test-run.ts).
import { bootstrap, runTypeScript } from './lib/bootstrap.mjs';

bootstrap();
await runTypeScript('scripts/test-run.ts', process.argv.slice(2));
