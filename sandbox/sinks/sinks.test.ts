import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { SINKS } from './index';
import { startSandbox, type Running } from '../test/harness';

let run: Running;

beforeAll(async () => {
  run = await startSandbox(await createTestDatabase());
});

afterAll(async () => {
  await run?.sandbox.stop();
});

beforeEach(async () => {
  await run.call('DELETE', '/admin/api/alerts');
});

const alerts = async (query = '') => (await run.call('GET', `/admin/api/alerts${query}`)).json.data as any[];

describe('slack', () => {
  it('accepts text or blocks with "ok" and rejects neither with "invalid_payload"', async () => {
    const ok = await run.call('POST', '/sinks/slack/ops-alerts', { text: 'Chat is down' });
    expect(ok).toEqual({ status: 200, json: 'ok' });
    const blocks = await run.call('POST', '/sinks/slack/ops-alerts', {
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*down*' } }],
    });
    expect(blocks.status).toBe(200);
    for (const bad of [{}, { text: '' }, { blocks: [] }, 'not json']) {
      expect(await run.call('POST', '/sinks/slack/ops-alerts', bad)).toEqual({ status: 400, json: 'invalid_payload' });
    }
    const stored = await alerts('?sink=slack');
    expect(stored).toHaveLength(2);
    expect(stored[0]).toMatchObject({
      sink: 'slack',
      target: 'ops-alerts',
      payload: { text: 'Chat is down' },
      receivedAt: expect.any(String),
    });
  });
});

describe('pagerduty', () => {
  const trigger = {
    routing_key: 'R0UT1NGKEY',
    event_action: 'trigger',
    payload: { summary: 'Chat down', source: 'chatwatch', severity: 'critical' },
  };

  it('accepts a trigger with a generated dedup_key and a resolve with its own', async () => {
    const r = await run.call('POST', '/sinks/pagerduty/v2/enqueue', trigger);
    expect(r.status).toBe(202);
    expect(r.json).toEqual({ status: 'success', message: 'Event processed', dedup_key: expect.any(String) });
    const keyed = await run.call('POST', '/sinks/pagerduty/v2/enqueue', { ...trigger, dedup_key: 'incident-1' });
    expect(keyed.json.dedup_key).toBe('incident-1');
    const resolve = await run.call('POST', '/sinks/pagerduty/v2/enqueue', {
      routing_key: 'R0UT1NGKEY',
      event_action: 'resolve',
      dedup_key: 'incident-1',
    });
    expect(resolve.status).toBe(202);
    expect((await alerts('?sink=pagerduty')).map((a) => a.payload.event_action)).toEqual([
      'trigger',
      'trigger',
      'resolve',
    ]);
  });

  it('rejects invalid events with PagerDuty’s shape and stores nothing', async () => {
    const cases: [unknown, string][] = [
      [{ ...trigger, routing_key: '' }, 'routing_key'],
      [{ ...trigger, event_action: 'explode' }, 'event_action'],
      [{ ...trigger, payload: { ...trigger.payload, severity: 'meh' } }, 'payload.severity'],
      [{ ...trigger, payload: { source: 'x', severity: 'info' } }, 'payload.summary'],
      [{ ...trigger, payload: undefined }, 'payload'],
      [{ routing_key: 'R', event_action: 'acknowledge' }, 'dedup_key'],
      ['garbage', 'invalid'],
    ];
    for (const [body, mentions] of cases) {
      const r = await run.call('POST', '/sinks/pagerduty/v2/enqueue', body);
      expect(r.status).toBe(400);
      expect(r.json).toEqual({
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: expect.any(Array),
      });
      expect(r.json.errors.join(' ')).toContain(mentions);
    }
    expect(await alerts()).toEqual([]);
  });
});

describe('generic webhook and the alert log', () => {
  it('accepts any JSON, filters by sink and time, lists as HTML, and resets', async () => {
    expect(await run.call('POST', '/sinks/webhook/status-page', { incident: 'down', n: 1 })).toEqual({
      status: 200,
      json: { ok: true },
    });
    expect(await run.call('POST', '/sinks/webhook/status-page', [1, 2, 3])).toMatchObject({ status: 200 });
    expect((await run.call('POST', '/sinks/webhook/status-page', '{nope')).status).toBe(400);
    await run.call('POST', '/sinks/slack/general', { text: 'hello' });

    expect((await alerts('?sink=webhook')).map((a) => a.target)).toEqual(['status-page', 'status-page']);
    expect(await alerts(`?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
    expect((await run.call('GET', '/admin/api/alerts?sink=carrier-pigeon')).status).toBe(400);
    const html = await (await fetch(`${run.url}/admin/alerts`)).text();
    expect(html).toContain('status-page');
    expect((await run.call('DELETE', '/admin/api/alerts')).json).toEqual({ deleted: 3 });
    expect(await alerts()).toEqual([]);
  });

  it('registers every sink under /sinks', () => {
    expect(Object.keys(SINKS).sort()).toEqual(['pagerduty', 'slack', 'webhook']);
  });
});

describe('the rest of the admin surface', () => {
  it('serves /health, the admin index, 404 JSON and 413 on any route', async () => {
    expect(await run.call('GET', '/health')).toEqual({ status: 200, json: { ok: true } });
    const index = await (await fetch(`${run.url}/admin`)).text();
    for (const link of ['/admin/deliveries', '/admin/alerts', '/admin/faults', '/mailbox'])
      expect(index).toContain(`href="${link}"`);
    expect(await run.call('GET', '/nowhere')).toEqual({
      status: 404,
      json: { error: { code: 'not_found', message: expect.any(String) } },
    });
    const big = await run.call('POST', '/sinks/webhook/x', { blob: 'x'.repeat(257 * 1024) });
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('payload_too_large');
    expect(await alerts()).toEqual([]);
  });
});
