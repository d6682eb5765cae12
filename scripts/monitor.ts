// `npm run monitor`: the monitor's command line (monitor/main.ts), with one developer convenience that the
// monitor itself must not know about: typed next to a running `npm start` without DATABASE_URL, one-off
// commands (--once, maintenance) use that local stack's settings. Serving never does.
import { parseCommand } from '../monitor/cli';
import { applyLocalStackEnv } from './lib/local-stack-env';

let oneOff = false;
try {
  oneOff = parseCommand(process.argv.slice(2)).kind !== 'serve';
} catch {
  // A malformed command line: monitor/main.ts reports it.
}
if (oneOff && applyLocalStackEnv())
  console.error('monitor: DATABASE_URL is not set; using the local stack of `npm start` (.data/dev).');
await import('../monitor/main');
