import { Logger as GraphileLogger } from 'graphile-worker';
import type { Logger } from 'pino';
import type { DatabaseOutage } from '../lib/db/outage';

// graphile-worker logs to the console by default (graphile-worker logger.ts consoleLogFactory), once per failed
// query, LISTEN retry and idle client: dozens of lines a second while PostgreSQL is down, none structured.
// Routed through pino instead, with messages about a lost connection handed to the outage tracker, which logs
// once per outage. Levels: @graphile/logger LogLevel ('error' | 'warning' | 'info' | 'debug').
const CONNECTION =
  /Connection terminated|connection error|ECONNREFUSED|ECONNRESET|timeout exceeded when trying to connect|Query read timeout|notify listener|UNLISTEN|idle client|active client|terminating connection/i;

/** A graphile-worker Logger writing to `log`, connection noise folded into `outage`. */
export function graphileLogger(log: Logger, outage?: DatabaseOutage): GraphileLogger {
  return new GraphileLogger((scope) => (level, message, meta) => {
    if (outage && (level === 'error' || level === 'warning') && CONNECTION.test(message)) {
      outage.down(new Error(message.split('\n')[0]));
      return;
    }
    const fields = { graphile: scope, ...(meta && 'error' in meta ? { err: (meta as { error: unknown }).error } : {}) };
    const line = message.split('\n')[0];
    if (level === 'error') log.error(fields, line);
    else if (level === 'warning') log.warn(fields, line);
    else if (level === 'info') log.info(fields, line);
    else log.debug(fields, line);
  });
}
