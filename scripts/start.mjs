#!/usr/bin/env node
// `npm start`: installs what is missing, then hands over to the stack supervisor (scripts/stack.ts).
import { bootstrap, runTypeScript } from './lib/bootstrap.mjs';
import { ensureChromium } from './lib/ensure-chromium.mjs';

bootstrap();
ensureChromium();
await runTypeScript('scripts/stack.ts', process.argv.slice(2));
