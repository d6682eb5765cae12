import type { Server } from 'node:http';

/**
 * How long our HTTP servers keep an idle keep-alive connection (ms). Node's default is 5 s: a client reusing a pooled
 * connection just as the server closes it gets ECONNRESET ("socket hang up"). Servers keep idle connections longer
 * than their clients do (65 s, the usual figure behind load balancers), so the client is the one to close.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Applies KEEP_ALIVE_TIMEOUT_MS to a node:http server; headersTimeout must exceed it (Node's rule). */
export function keepIdleConnections(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
}
