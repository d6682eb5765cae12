import { Agent, request } from 'node:http';
import type { SignedEvent } from '../webhook-load';

const REQUEST_TIMEOUT_MS = 10_000;

export interface ClosedLoopResult {
  acknowledged: string[];
  failureReasons: Record<string, number>;
  /** Wall-clock ms (Date.now) of the first request and of the last 2xx answer. */
  startedAt: number;
  lastAckAt: number;
}

/**
 * Posts every event exactly once, as fast as the server answers: `connections` loops, each sending its next event
 * when its previous answer arrived (closed loop: the maximum rate the server sustains, no queue on our side).
 */
export async function postAllClosedLoop(
  url: string,
  events: SignedEvent[],
  connections: number,
): Promise<ClosedLoopResult> {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const acknowledged: string[] = [];
  const failureReasons: Record<string, number> = {};
  const startedAt = Date.now();
  let lastAckAt = startedAt;
  let next = 0;
  const post = (event: SignedEvent) =>
    new Promise<void>((resolve) => {
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { ...event.headers, 'content-length': Buffer.byteLength(event.body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode && res.statusCode >= 200 && res.statusCode < 300) {
              acknowledged.push(event.id);
              lastAckAt = Date.now();
            } else failureReasons[`HTTP ${res.statusCode}`] = (failureReasons[`HTTP ${res.statusCode}`] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('no answer')));
      req.on('error', (error: NodeJS.ErrnoException) => {
        const reason = error.code ?? error.message;
        failureReasons[reason] = (failureReasons[reason] ?? 0) + 1;
        resolve();
      });
      req.end(event.body);
    });
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < events.length) await post(events[next++]!);
    }),
  );
  agent.destroy();
  return { acknowledged, failureReasons, startedAt, lastAckAt };
}
