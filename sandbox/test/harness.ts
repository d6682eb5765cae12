import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { createSandbox, type Sandbox } from '../app';
import { parseSandboxConfig, type SandboxConfig } from '../config';

/** A request the fake app received. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Receiver {
  url: string;
  requests: Received[];
  /** Decides each answer's status; the default answers 204. */
  respond: (req: Received, index: number) => number;
  close(): Promise<void>;
}

/** A local node:http "app" that records every request it gets. */
export async function startReceiver(): Promise<Receiver> {
  const requests: Received[] = [];
  const receiver: Receiver = { url: '', requests, respond: () => 204, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry: Received = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      const index = requests.push(entry) - 1;
      res.statusCode = receiver.respond(entry, index);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

export const API_SECRET = 'test-vendor-api-secret-0123456789';
export const WEBHOOK_SECRET = `whsec_${randomBytes(32).toString('base64')}`;
export const SENDGRID_KEY = 'SG.test-key.sandbox';
export const EVENT_KEYS = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
/** The base64 DER (SPKI) public key, as SendGrid shows it in its settings. */
export const EVENT_PUBLIC_KEY_B64 = EVENT_KEYS.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): SandboxConfig {
  return parseSandboxConfig({
    SANDBOX_PORT: '0',
    SANDBOX_DATABASE_URL: databaseUrl,
    VENDOR_API_SECRET: API_SECRET,
    VENDOR_WEBHOOK_SECRET: WEBHOOK_SECRET,
    SENDGRID_API_KEY: SENDGRID_KEY,
    SENDGRID_EVENT_PRIVATE_KEY: EVENT_KEYS.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    SANDBOX_WEBHOOK_SCHEDULE: 'fast',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

export interface Running {
  sandbox: Sandbox;
  url: string;
  config: SandboxConfig;
  /** Calls the vendor REST API with the secret. */
  api(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; json: any }>;
  /** Any other sandbox endpoint, JSON in and out. */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
}

export async function startSandbox(
  databaseUrl: string,
  overrides: Record<string, string> = {},
  options: Parameters<typeof createSandbox>[1] = {},
): Promise<Running> {
  const config = testConfig(databaseUrl, overrides);
  const sandbox = createSandbox(config, options);
  const { url } = await sandbox.start();
  const request = async (method: string, path: string, body: unknown, headers: Record<string, string>) => {
    const response = await fetch(url + path, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, json: json as any };
  };
  return {
    sandbox,
    url,
    config,
    api: (method, path, body, headers = {}) =>
      request(method, `/v1/${config.VENDOR_APP_ID}${path}`, body, {
        authorization: `Bearer ${API_SECRET}`,
        ...headers,
      }),
    call: (method, path, body) => request(method, path, body, {}),
  };
}

/**
 * How long a test waits for an outcome the sandbox records on its own schedule (a delivery, a mail event). Generous on
 * purpose: it bounds a wait for something that must happen, so it only costs time when the test fails anyway, and on a
 * loaded machine a few seconds is not enough for a dispatcher tick.
 */
export const OUTCOME_WAIT_MS = 20_000;

/** Polls until check returns a value (not undefined/false) or the time is up. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  timeoutMs = OUTCOME_WAIT_MS,
  what = 'condition',
): Promise<Exclude<T, undefined | false>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value as Exclude<T, undefined | false>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An identity token as the app would mint it. */
export async function identityToken(
  sub: string,
  opts: { secret?: string; iss?: string; expiresIn?: number | string; alg?: 'HS256' | 'HS512' } = {},
): Promise<string> {
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: opts.alg ?? 'HS256' })
    .setSubject(sub)
    .setIssuer(opts.iss ?? 'chatwatch-dev')
    .setIssuedAt();
  jwt.setExpirationTime(opts.expiresIn ?? '1h');
  return jwt.sign(new TextEncoder().encode(opts.secret ?? API_SECRET));
}

/** Two users and a conversation between them. */
export async function seedConversation(
  run: Running,
  id: string,
  users: [string, string] = [`${id}-alice`, `${id}-bob`],
) {
  for (const u of users) {
    const r = await run.api('PUT', `/users/${u}`, { name: u.split('-').pop() ?? u, email: `${u}@example.test` });
    if (r.status !== 200) throw new Error(`seeding user ${u}: ${r.status} ${JSON.stringify(r.json)}`);
  }
  const r = await run.api('PUT', `/conversations/${id}`, { participants: users, subject: `Conversation ${id}` });
  if (r.status !== 200) throw new Error(`seeding conversation ${id}: ${r.status} ${JSON.stringify(r.json)}`);
  return { conversationId: id, users };
}
