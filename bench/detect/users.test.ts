// The simulated real users of bench:detect with a real Chromium against a tiny local app: their pages send the
// beacon, and stopping them is bounded even when Chromium is wedged (every Chromium process SIGSTOPped), which
// is how stopping the users hung the bench on a starved machine.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPids, releaseWedged, wedgeChromium } from '../../test/support/chromium';
import { startUserLoad } from './users';

let server: Server;
let appUrl: string;
const cookiesSeen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/api/rum/chat-embed') {
      req.resume();
      res.writeHead(204).end();
      return;
    }
    cookiesSeen.push(req.headers.cookie ?? '');
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      `<!doctype html><script>fetch('/api/rum/chat-embed',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({result:'ready'})})</script>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(releaseWedged);

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const users = [
  { email: 'a@example.test', projectId: 'p1' },
  { email: 'b@example.test', projectId: 'p2' },
];

describe('bench:detect simulated users', () => {
  it('open their chat page with their own session, and the page sends its beacon', async () => {
    const load = await startUserLoad(appUrl, users, {
      signIn: async (_user, i) => `session=user-${i}`,
      everyMs: 500,
      pageTimeoutMs: 30_000,
    });
    try {
      await expect.poll(() => load.beacons.ready ?? 0, { timeout: 90_000 }).toBeGreaterThanOrEqual(4);
    } finally {
      await load.stop();
    }
    expect(new Set(cookiesSeen)).toEqual(new Set(['session=user-0', 'session=user-1']));
    expect(await chromiumPids()).toEqual([]);
  }, 180_000);

  it('stop returns and kills Chromium even when Chromium is wedged', async () => {
    const load = await startUserLoad(appUrl, users, {
      signIn: async (_user, i) => `session=user-${i}`,
      everyMs: 300,
      pageTimeoutMs: 30_000,
    });
    await expect.poll(() => load.beacons.ready ?? 0, { timeout: 90_000 }).toBeGreaterThanOrEqual(1);
    expect((await wedgeChromium()).length).toBeGreaterThan(0);
    // Bounded by stop's own limits: pageTimeoutMs + 5 s for the pages, 5 s for the close, 5 s for the loops.
    await load.stop();
    expect(await chromiumPids()).toEqual([]);
  }, 180_000);
});
