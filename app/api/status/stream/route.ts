import { STAFF_ROLES } from '@/lib/auth/roles';
import { route } from '@/lib/http/route';
import { statusStreams } from '@/lib/metrics/report-metrics';
import { requireApiRole } from '@/lib/reports/access';
import { statusChanges } from '@/lib/status/status-changes-instance';

export const dynamic = 'force-dynamic';

const encoder = new TextEncoder();

/** Server-Sent Events for /status: a `change` event with the dashboard's fingerprint whenever it changes. */
export const GET = route('status.stream', async (request) => {
  await requireApiRole(STAFF_ROLES);
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      send('retry: 3000\n\n');
      const unsubscribe = statusChanges().subscribe((fingerprint) => send(`event: change\ndata: ${fingerprint}\n\n`));
      // A comment every 15 s keeps proxies from closing an idle stream.
      const ping = setInterval(() => send(': ping\n\n'), 15_000);
      statusStreams().inc();
      let closed = false;
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(ping);
        unsubscribe();
        statusStreams().dec();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      request.signal.addEventListener('abort', () => cleanup());
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
});
