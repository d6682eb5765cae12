import { createServer, type Socket } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonBody, startHttpStub, type HttpStub } from '../../test/support/http-stub';
import { EmailSendError } from './errors';
import { createEmailTransport, sendgridRetryAfterMs, type EmailTransport, type SendEmailInput } from './transport';

// A unit test of our SendGrid client against a local stub of POST /v3/mail/send;
// the end-to-end run against the sandbox SendGrid lives with the outbox.

const apiKey = 'SG.test.key-not-real';
let stub: HttpStub;
let transport: EmailTransport;
const sleeps: number[] = [];
const retry = { baseDelayMs: 10, sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5 };

const input: SendEmailInput = {
  to: { email: 'dana@example.test', name: 'Dana' },
  subject: 'Hello',
  html: '<p>Hello</p>',
  text: 'Hello',
  headers: {
    'List-Unsubscribe': '<https://app.test/api/unsubscribe?token=t>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
  customArgs: { email_id: 'em_123' },
  categories: ['unread-messages'],
};

const accepted = (id = 'sg-msg-1') => ({ status: 202, headers: { 'x-message-id': id } });

beforeAll(async () => {
  stub = await startHttpStub();
  transport = createEmailTransport({
    apiKey,
    apiUrl: stub.url,
    from: 'ChatWatch <no-reply@chatwatch.test>',
    timeoutMs: 2000,
  });
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.requests.length = 0;
  sleeps.length = 0;
});

describe('SendGrid transport', () => {
  it('sends to /v3/mail/send and returns the X-Message-Id', async () => {
    stub.handle(() => accepted());
    await expect(transport.send(input)).resolves.toEqual({ providerMessageId: 'sg-msg-1', statusCode: 202 });
    const [request] = stub.requests;
    expect(request).toMatchObject({ method: 'POST', url: expect.objectContaining({ pathname: '/v3/mail/send' }) });
    expect(request!.headers.authorization).toBe(`Bearer ${apiKey}`);
  });

  it('carries custom_args, headers, categories and both bodies; sandbox mode only when asked', async () => {
    stub.handle(() => accepted());
    await transport.send(input);
    await transport.send({ ...input, sandboxMode: true });
    const [plain, sandboxed] = stub.requests.map((r) => jsonBody(r) as Record<string, unknown>);
    expect(plain).toMatchObject({
      from: { email: 'no-reply@chatwatch.test', name: 'ChatWatch' },
      personalizations: [{ to: [{ email: 'dana@example.test', name: 'Dana' }] }],
      subject: 'Hello',
      custom_args: { email_id: 'em_123' },
      headers: {
        'List-Unsubscribe': '<https://app.test/api/unsubscribe?token=t>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      categories: ['unread-messages'],
      content: [
        { type: 'text/plain', value: 'Hello' },
        { type: 'text/html', value: '<p>Hello</p>' },
      ],
    });
    expect(plain!.mail_settings).toBeUndefined();
    expect(sandboxed!.mail_settings).toEqual({ sandbox_mode: { enable: true } });
  });

  it('retries a 429 once, waiting as long as Retry-After says', async () => {
    let calls = 0;
    stub.handle(() =>
      calls++ === 0
        ? { status: 429, body: { errors: [{ message: 'too many requests' }] }, headers: { 'retry-after': '1' } }
        : accepted('sg-2'),
    );
    await expect(transport.sendWithRetry(input, { attempts: 3, ...retry })).resolves.toEqual({
      providerMessageId: 'sg-2',
      statusCode: 202,
    });
    expect(stub.requests).toHaveLength(2);
    expect(sleeps).toEqual([1000]);
  });

  it('does not retry a 400 and records SendGrid’s reason', async () => {
    stub.handle(() => ({
      status: 400,
      body: { errors: [{ message: 'The from address does not match a verified Sender Identity.', field: 'from' }] },
    }));
    const error = await transport.sendWithRetry(input, { attempts: 3, ...retry }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmailSendError);
    expect(error).toMatchObject({
      statusCode: 400,
      retryable: false,
      reason: 'The from address does not match a verified Sender Identity. (from)',
    });
    expect(stub.requests).toHaveLength(1);
    expect((error as Error).message).not.toContain(apiKey);
  });

  it('gives up on repeated 500s after the given attempts, backing off exponentially', async () => {
    stub.handle(() => ({ status: 500, body: { errors: [{ message: 'internal error' }] } }));
    await expect(transport.sendWithRetry(input, { attempts: 3, ...retry })).rejects.toMatchObject({
      statusCode: 500,
      retryable: true,
      reason: 'internal error',
    });
    expect(stub.requests).toHaveLength(3);
    expect(sleeps).toEqual([8, 15]); // equal jitter at random()=0.5: 10 → 7.5…10, 20 → 15…20
  });

  it('stops early when Retry-After is longer than the caller will wait, keeping it for the job', async () => {
    stub.handle(() => ({ status: 503, headers: { 'retry-after': '120' } }));
    await expect(transport.sendWithRetry(input, { attempts: 5, maxDelayMs: 30_000, ...retry })).rejects.toMatchObject({
      statusCode: 503,
      retryAfterMs: 120_000,
    });
    expect(stub.requests).toHaveLength(1);
  });

  it('classifies an unreachable SendGrid as retryable', async () => {
    const closed = await startHttpStub();
    await closed.close();
    const offline = createEmailTransport({ apiKey, apiUrl: closed.url, from: 'no-reply@chatwatch.test' });
    const error = await offline.send(input).then(
      () => expect.fail('expected a failure'),
      (e: unknown) => e as Error,
    );
    expect(error).toMatchObject({
      statusCode: null,
      retryable: true,
      outcome: 'not-sent',
      reason: expect.stringMatching(/ECONNREFUSED/),
    });
    // axios errors hold the Authorization header; neither our error nor its cause may.
    for (const logged of [error, error.cause as Error])
      expect(JSON.stringify(pino.stdSerializers.err(logged))).not.toContain(apiKey);
  });

  it('classifies our own invalid input as not retryable without calling SendGrid', async () => {
    stub.handle(() => accepted());
    await expect(transport.send({ ...input, to: 'not-an-address' })).rejects.toMatchObject({
      statusCode: null,
      retryable: false,
      reason: expect.stringMatching(/^invalid input: to/),
    });
    await expect(
      transport.send({ ...input, categories: Array.from({ length: 11 }, (_, i) => `c${i}`) }),
    ).rejects.toMatchObject({ retryable: false });
    expect(stub.requests).toHaveLength(0);
  });

  it('reads SendGrid’s X-RateLimit-Reset (Unix seconds) when a 429 carries no Retry-After', () => {
    const now = Date.UTC(2026, 10, 30, 1, 0, 0);
    expect(
      sendgridRetryAfterMs(
        { 'x-ratelimit-limit': '600', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 42) },
        now,
      ),
    ).toBe(42_000);
    expect(sendgridRetryAfterMs({ 'x-ratelimit-reset': String(now / 1000 - 5) }, now)).toBe(0);
    expect(sendgridRetryAfterMs({ 'retry-after': '3', 'x-ratelimit-reset': String(now / 1000 + 42) }, now)).toBe(3000);
    expect(sendgridRetryAfterMs({ 'x-ratelimit-reset': 'soon' }, now)).toBeNull();
  });

  it('waits for X-RateLimit-Reset on a 429 instead of spending its retries inside the window', async () => {
    const reset = () => String(Math.ceil(Date.now() / 1000) + 40);
    stub.handle(() => ({
      status: 429,
      headers: { 'x-ratelimit-limit': '600', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset() },
      body: { errors: [{ message: 'too many requests' }] },
    }));
    const error = await transport
      .sendWithRetry(input, { attempts: 5, maxDelayMs: 30_000, ...retry })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      statusCode: 429,
      outcome: 'refused',
      retryable: true,
      retryAfterMs: expect.any(Number),
    });
    expect((error as EmailSendError).retryAfterMs).toBeGreaterThan(30_000);
    expect(stub.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('never retries a request that may have reached SendGrid: no answer is an unknown outcome', async () => {
    let connections = 0;
    const sockets: Socket[] = [];
    // Reads the request, then drops the connection without an answer (a reset after the request was sent).
    const server = createServer((socket) => {
      connections++;
      sockets.push(socket);
      socket.once('data', () => socket.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const silentServer = createEmailTransport({
        apiKey,
        apiUrl: `http://127.0.0.1:${port}`,
        from: 'no-reply@chatwatch.test',
        timeoutMs: 5000,
      });
      const error = await silentServer.sendWithRetry(input, { attempts: 3, ...retry }).catch((e: unknown) => e);
      expect(error).toMatchObject({
        statusCode: null,
        outcome: 'unknown',
        retryable: false,
        reason: expect.stringMatching(/^no answer: /),
      });
      expect(connections).toBe(1);
      expect(sleeps).toEqual([]);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('treats a timeout after the request was sent as unknown, not retryable', async () => {
    stub.handle(() => ({ status: 202, delayMs: 1500 }));
    const impatient = createEmailTransport({
      apiKey,
      apiUrl: stub.url,
      from: 'no-reply@chatwatch.test',
      timeoutMs: 200,
    });
    await expect(impatient.sendWithRetry(input, { attempts: 3, ...retry })).rejects.toMatchObject({
      outcome: 'unknown',
      retryable: false,
    });
    expect(stub.requests).toHaveLength(1);
  });
});
