import { describe, expect, it } from 'vitest';
import { PARTY_OF } from '../../../lib/incidents/blame';
import { COMPONENTS, EXTERNAL_COMPONENTS } from '../../../lib/incidents/components';
import { blameOf } from '../../scheduler/attempt';
import { MonitorFault, StepFailure } from '../errors';
import { blameEmailWait, blameFallback, ourAppRefusal, type CanaryPipelineState } from './blame';
import { JOURNEY_STEPS } from './journey';

const now = new Date('2026-03-01T12:00:00Z');
const state = (partial: Partial<CanaryPipelineState>): CanaryPipelineState => ({
  event: null,
  email: null,
  now,
  ...partial,
});
const email = (over: Partial<NonNullable<CanaryPipelineState['email']>> = {}) => ({
  status: 'QUEUED',
  statusReason: null,
  sendAttempts: 0,
  sendAt: new Date(now.getTime() - 20_000),
  ...over,
});

describe('who is at fault', () => {
  it('gives every component an owner: the vendor parts and SendGrid are external, app, pipeline, database and monitor are ours', () => {
    expect(Object.keys(PARTY_OF).sort()).toEqual([...COMPONENTS].sort());
    expect(COMPONENTS.filter((c) => PARTY_OF[c] !== 'ours')).toEqual([...EXTERNAL_COMPONENTS]);
    expect(COMPONENTS.filter((c) => PARTY_OF[c] === 'ours').sort()).toEqual(['app', 'database', 'monitor', 'pipeline']);
  });

  it('blames our app, not the chat UI, for the journey steps on our own pages (sign-in and its limiter)', () => {
    expect(JOURNEY_STEPS['sign-in']).toBe('app');
    expect(JOURNEY_STEPS['open-project']).toBe('app');
    expect(JOURNEY_STEPS['chat-ready']).toBe('chat_ui');
  });

  it('blames the monitor for a missing browser and our database when it is unreachable, never the step’s vendor part', () => {
    expect(blameOf(new MonitorFault('no Chromium found'), 'chat_ui')).toBe('monitor');
    const prismaDown = Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), {
      name: 'PrismaClientKnownRequestError',
      code: 'P1001',
    });
    expect(blameOf(prismaDown, 'webhooks')).toBe('database');
    // A vendor HTTP client's connection refusal looks alike but is the vendor's.
    expect(blameOf(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'vendor_api')).toBe(
      'vendor_api',
    );
    expect(blameOf(new StepFailure('email', 'pipeline', 'waited'), 'email')).toBe('pipeline');
  });
});

describe('the canary email step', () => {
  it('blames our pipeline when the canary’s webhook arrived but its job is still waiting in our queue', () => {
    expect(blameEmailWait(state({ event: { status: 'RECEIVED' } }), 15_000)).toEqual({
      component: 'pipeline',
      message: expect.stringContaining('waited in our worker queue'),
    });
  });

  it('blames our pipeline for an email queued but never handed to SendGrid', () => {
    expect(blameEmailWait(state({ event: { status: 'PROCESSED' }, email: email() }), 15_000).component).toBe(
      'pipeline',
    );
    expect(blameEmailWait(state({ event: { status: 'PROCESSED' } }), 15_000).component).toBe('pipeline');
    expect(
      blameEmailWait(
        state({ event: { status: 'PROCESSED' }, email: email({ sendAt: new Date(now.getTime() + 60_000) }) }),
        15_000,
      ).component,
    ).toBe('pipeline');
  });

  it('blames SendGrid only once we handed it the email', () => {
    expect(
      blameEmailWait(
        state({
          event: { status: 'PROCESSED' },
          email: email({ sendAttempts: 2, statusReason: 'SendGrid answered 503' }),
        }),
        15_000,
      ),
    ).toEqual({ component: 'email', message: expect.stringContaining('SendGrid answered 503') });
    expect(blameEmailWait(state({ email: email({ status: 'SENDING', sendAttempts: 1 }) }), 15_000).component).toBe(
      'email',
    );
    expect(
      blameEmailWait(
        state({ email: email({ status: 'FAILED', sendAttempts: 3, statusReason: '500 from SendGrid' }) }),
        15_000,
      ).component,
    ).toBe('email');
  });
});

describe('our app refusing a step', () => {
  const origin = 'http://127.0.0.1:3000';
  it('finds our limiter, CSRF/auth refusals and our 5xx, not the vendor frame’s errors', () => {
    expect(
      ourAppRefusal(
        [{ frame: 'app', method: 'POST', url: `${origin}/api/projects/x/embed`, status: 429, failure: null }],
        origin,
      ),
    ).toBe('our app answered 429 to POST /api/projects/x/embed');
    expect(
      ourAppRefusal(
        [{ frame: 'app', method: 'GET', url: `${origin}/api/projects/x/embed`, status: 503, failure: null }],
        origin,
      ),
    ).toMatch(/503/);
    expect(
      ourAppRefusal(
        [{ frame: 'embed', method: 'GET', url: 'http://127.0.0.1:4100/embed', status: 503, failure: null }],
        origin,
      ),
    ).toBeNull();
    expect(
      ourAppRefusal(
        [{ frame: 'app', method: 'GET', url: `${origin}/favicon.ico`, status: 404, failure: null }],
        origin,
      ),
    ).toBeNull();
  });

  it("judges our 5xx by its wire code, not its class: a 502 vendor_unavailable relays the vendor API's failure", () => {
    const answer = (status: number, errorCode: string | null) => [
      { frame: 'app' as const, method: 'GET', url: `${origin}/api/projects/x/embed`, status, failure: null, errorCode },
    ];
    expect(ourAppRefusal(answer(502, 'vendor_unavailable'), origin)).toBeNull();
    expect(ourAppRefusal(answer(503, 'unavailable'), origin)).toBe('our app answered 503 to GET /api/projects/x/embed');
    expect(ourAppRefusal(answer(500, 'internal'), origin)).toMatch(/500/);
    // A 5xx without our code (a framework error page, a proxy) is ours: only a code we set can point elsewhere.
    expect(ourAppRefusal(answer(502, null), origin)).toMatch(/502/);
    // Our protective refusals are ours whatever they carry.
    expect(ourAppRefusal(answer(429, 'vendor_unavailable'), origin)).toMatch(/429/);
  });
});

describe('the fallback composer', () => {
  it('is blamed on the party the page names in data-cause; an unknown or missing cause keeps the vendor UI', () => {
    expect(blameFallback('vendor-api').component).toBe('vendor_api');
    expect(blameFallback('ours').component).toBe('app');
    expect(blameFallback('vendor-ui').component).toBe('chat_ui');
    expect(blameFallback(null).component).toBe('chat_ui');
    expect(blameFallback('toString').component).toBe('chat_ui');
  });
});
