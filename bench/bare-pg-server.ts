// The database's ceiling for `npm run bench:webhooks`: node:http + pg, one INSERT … ON CONFLICT DO NOTHING per
// request into the same vendor_event table (same indexes), no framework, no signature, no job.
import { createServer } from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.BENCH_DATABASE_URL,
  max: Number(process.env.BENCH_POOL_MAX ?? 10),
});
const port = Number(process.env.BENCH_BARE_PORT ?? 3301);

const insert = {
  name: 'bare_insert',
  text: `INSERT INTO vendor_event (vendor, "vendorEventId", type, "occurredAt", normalized, "rawBody") VALUES ('bench-bare', $1, $2, $3, $4::json, $4)
         ON CONFLICT (vendor, "vendorEventId") DO NOTHING`,
};

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    let event: { id: string; type: string; created_at: string };
    try {
      event = JSON.parse(raw) as typeof event;
    } catch {
      res.writeHead(400).end();
      return;
    }
    pool.query({ ...insert, values: [event.id, event.type, event.created_at, raw] }).then(
      () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
      () => res.writeHead(503).end(),
    );
  });
}).listen(port, '127.0.0.1', () => process.stdout.write(`bare pg server on ${port}\n`));
