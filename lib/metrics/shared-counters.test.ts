import pg from 'pg';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { DbCounter, DbHistogram } from './db-backed';
import { addToSharedCounter, compactSharedCounters, observeSharedHistogram, readSharedSeries } from './shared-counters';

let pool: pg.Pool;
beforeAll(async () => {
  pool = new pg.Pool({ connectionString: await createTestDatabase(), max: 3 });
});
afterAll(() => pool.end());

describe('shared counters (metric_counter)', () => {
  it('sum increments from any process, survive compaction, and only commit with their transaction', async () => {
    await addToSharedCounter(pool, 'emails_total', { template: 'unread-messages', status: 'sent' });
    await addToSharedCounter(pool, 'emails_total', { status: 'sent', template: 'unread-messages' }, 2);
    await addToSharedCounter(pool, 'emails_total', { template: 'new-inquiry', status: 'failed' });
    const client = await pool.connect();
    await client.query('BEGIN');
    await addToSharedCounter(client, 'emails_total', { template: 'new-inquiry', status: 'failed' }, 100);
    await client.query('ROLLBACK');
    client.release();

    const expected = [
      { name: 'emails_total', labels: { status: 'failed', template: 'new-inquiry' }, value: 1 },
      { name: 'emails_total', labels: { status: 'sent', template: 'unread-messages' }, value: 3 },
    ];
    expect(await readSharedSeries(pool, ['emails_total'])).toEqual(expected);
    expect(await compactSharedCounters(pool, 1)).toBe(true);
    expect((await pool.query('SELECT count(*)::int AS n FROM metric_counter')).rows[0].n).toBe(2);
    expect(await readSharedSeries(pool, ['emails_total'])).toEqual(expected);
    expect(await compactSharedCounters(pool, 100)).toBe(false);
  });

  it('are exported by prom-client as a counter and a histogram', async () => {
    const registry = new Registry();
    new DbCounter(
      { name: 'emails_total', help: 'Emails.', labelNames: ['template', 'status'], registers: [registry] },
      () => pool,
    );
    new DbHistogram(
      { name: 'email_send_duration_seconds', help: 'Send time.', buckets: [0.1, 1], registers: [registry] },
      () => pool,
    );
    const empty = await registry.metrics();
    expect(empty).toContain('email_send_duration_seconds_bucket{le="0.1"} 0');
    expect(empty).toContain('email_send_duration_seconds_count 0');

    await observeSharedHistogram(pool, 'email_send_duration_seconds', [0.1, 1], {}, 0.05);
    await observeSharedHistogram(pool, 'email_send_duration_seconds', [0.1, 1], {}, 0.5);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE emails_total counter');
    expect(text).toContain('emails_total{status="sent",template="unread-messages"} 3');
    expect(text).toContain('# TYPE email_send_duration_seconds histogram');
    expect(text).toContain('email_send_duration_seconds_bucket{le="0.1"} 1');
    expect(text).toContain('email_send_duration_seconds_bucket{le="1"} 2');
    expect(text).toContain('email_send_duration_seconds_bucket{le="+Inf"} 2');
    expect(text).toContain('email_send_duration_seconds_sum 0.55');
    expect(text).toContain('email_send_duration_seconds_count 2');
  });

  it('leave a scrape working when PostgreSQL is down (the families are just empty)', async () => {
    const down = new pg.Pool({ connectionString: 'postgresql://x:y@127.0.0.1:9/none', connectionTimeoutMillis: 500 });
    down.on('error', () => undefined);
    const registry = new Registry();
    new DbCounter(
      { name: 'emails_total', help: 'Emails.', labelNames: ['template', 'status'], registers: [registry] },
      () => down,
    );
    expect(await registry.metrics()).toContain('# TYPE emails_total counter');
    await down.end();
  });
});
