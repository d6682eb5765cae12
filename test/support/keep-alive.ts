import { Agent, request } from 'node:http';

/** Longer than Node's default keepAliveTimeout (5 s): a connection idle this long is gone at the default. */
export const PAST_NODE_DEFAULT_IDLE_MS = 6_500;

/**
 * A client holding one kept-alive connection, as Playwright's request context or a scraper would: `get(url)` answers
 * the status and whether the request went over the connection used before (`req.reusedSocket`).
 */
export function keptAliveClient() {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    get(url: string): Promise<{ status: number; reused: boolean }> {
      return new Promise((resolve, reject) => {
        const req = request(url, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
        });
        req.on('error', reject);
        req.end();
      });
    },
    close: () => agent.destroy(),
  };
}
