import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import path from 'node:path';
import { onFileEnd } from './cleanup';
import { createChatProvider } from '../../lib/chat-provider';
import type { ChatProvider } from '../../lib/chat-provider/types';
import { freePort } from '../../scripts/lib/postgres';
import { createTestDatabase } from './db';
import { startHttpStub, type HttpStub } from './http-stub';

const root = path.resolve(import.meta.dirname, '../..');
const APP_ID = 'chatwatch-test';
const API_SECRET = `sandbox-api-secret-${randomBytes(8).toString('hex')}`;
const WEBHOOK_SECRET = `whsec_${randomBytes(32).toString('base64')}`;
// TalkJS signs webhooks with its plain secret key (docs/connect-talkjs.md); the TalkJS dialect takes one.
const TALKJS_WEBHOOK_SECRET = `sk_test_${randomBytes(16).toString('hex')}`;

// Sendbird signs with its master API token and Twilio with its Auth Token (32 hex), both also the REST secret.
const TWILIO_AUTH_TOKEN = randomBytes(16).toString('hex');
const TWILIO_ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const TWILIO_API_KEY = { sid: `SK${randomBytes(16).toString('hex')}`, secret: randomBytes(16).toString('hex') };

/** Which wire format the sandbox speaks (its SANDBOX_DIALECT); the adapter of the same name talks to it. */
export type SandboxDialect = 'sandbox' | 'talkjs' | 'stream' | 'sendbird' | 'twilio';

/** Each dialect's credentials: app id, REST secret, webhook secret, and extra sandbox / app variables. */
function credentials(dialect: SandboxDialect): {
  appId: string;
  apiSecret: string;
  webhookSecret: string;
  extra: Record<string, string>;
} {
  switch (dialect) {
    case 'sandbox':
      return { appId: APP_ID, apiSecret: API_SECRET, webhookSecret: WEBHOOK_SECRET, extra: {} };
    case 'talkjs':
      return { appId: APP_ID, apiSecret: API_SECRET, webhookSecret: TALKJS_WEBHOOK_SECRET, extra: {} };
    // Stream signs webhooks with the API secret itself (docs/connect-stream.md).
    case 'stream':
    case 'sendbird':
      return { appId: APP_ID, apiSecret: API_SECRET, webhookSecret: API_SECRET, extra: {} };
    case 'twilio':
      return {
        appId: TWILIO_ACCOUNT_SID,
        apiSecret: TWILIO_AUTH_TOKEN,
        webhookSecret: TWILIO_AUTH_TOKEN,
        extra: { TWILIO_API_KEY_SID: TWILIO_API_KEY.sid, TWILIO_API_KEY_SECRET: TWILIO_API_KEY.secret },
      };
  }
}

/** The sandbox's fault modes we start in tests (sandbox/faults/modes.ts; we only speak its HTTP API). */
export type SandboxFaultMode = 'api-down' | 'api-slow' | 'api-429' | 'webhooks-drop' | 'ui-down' | 'mail-no-answer';

export interface SandboxVendor {
  /** The product's own sandbox adapter, talking to the running sandbox over HTTP. */
  vendor: ChatProvider;
  /** The sandbox's base URL. */
  url: string;
  /** The secret the sandbox signs webhooks with (the adapter was built with it). */
  webhookSecret: string;
  /** The app's config variables (lib/config.ts) for this sandbox, for a real worker's jobs (./worker.ts `env`). */
  configEnv: Record<string, string>;
  /** Where the sandbox posts its webhooks (a recorder; tests forward what they need). */
  webhooks: HttpStub;
  /** Starts a fault (POST /admin/faults) and answers its id. */
  fault(
    mode: SandboxFaultMode,
    options?: { durationMs?: number; probability?: number; delayMs?: number },
  ): Promise<string>;
  /** Ends every active fault. */
  endFaults(): Promise<void>;
}

async function waitUntilUp(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the sandbox exited with ${child.exitCode} before answering`);
    const up = await fetch(`${url}/admin/faults`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    if (Date.now() > deadline) throw new Error(`the sandbox did not answer at ${url} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The real sandbox vendor as its own process (`tsx sandbox/server.ts`) on its own database and a free port,
 * reached only over HTTP through the product's adapter for its dialect (lib/chat-provider/sandbox.ts, or
 * talkjs.ts with `dialect: 'talkjs'`): HTTP, idempotency and
 * faults are the vendor's, not a test double's. Stopped after the file.
 */
export async function startSandboxVendor(options: { dialect?: SandboxDialect } = {}): Promise<SandboxVendor> {
  const dialect = options.dialect ?? 'sandbox';
  const { appId, apiSecret, webhookSecret, extra } = credentials(dialect);
  const webhooks = await startHttpStub(() => ({ status: 204 }));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'sandbox/server.ts')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      SANDBOX_PORT: String(port),
      SANDBOX_PUBLIC_URL: url,
      SANDBOX_DATABASE_URL: await createTestDatabase(),
      VENDOR_APP_ID: appId,
      VENDOR_API_SECRET: apiSecret,
      VENDOR_WEBHOOK_SECRET: webhookSecret,
      SANDBOX_DIALECT: dialect,
      ...extra,
      SENDGRID_API_KEY: 'SG.test-key.sandbox',
      SENDGRID_EVENT_PRIVATE_KEY: generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
      SANDBOX_WEBHOOK_SCHEDULE: 'fast',
      APP_WEBHOOK_URL: `${webhooks.url}/api/webhooks/chat`,
      SENDGRID_EVENT_WEBHOOK_URL: `${webhooks.url}/api/webhooks/sendgrid`,
      LOG_LEVEL: 'error',
    },
  });
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[sandbox] ${chunk.toString()}`));
  onFileEnd(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await webhooks.close();
  });
  await waitUntilUp(url, child);
  // Vendor adapters frame <embedUrl>/<conversation>; the sandbox's own embed at /embed stands in for the SDK's UI.
  const embedUrl = dialect === 'sandbox' ? url : `${url}/embed`;
  // Twilio posts to the conversation's scoped webhook, which the adapter points at VENDOR_WEBHOOK_URL.
  const webhookUrl = `${webhooks.url}/api/webhooks/chat`;
  const vendor = createChatProvider(dialect, {
    appId,
    apiUrl: url,
    embedUrl,
    apiSecret,
    webhookSecret,
    webhookUrl,
    signingKeyId: TWILIO_API_KEY.sid,
    signingKeySecret: TWILIO_API_KEY.secret,
    timeoutMs: 15_000,
  });
  const admin = (method: string, body?: unknown) =>
    fetch(`${url}/admin/faults`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
  return {
    vendor,
    url,
    webhookSecret,
    configEnv: {
      CHAT_VENDOR: dialect,
      VENDOR_APP_ID: appId,
      VENDOR_API_URL: url,
      VENDOR_EMBED_URL: embedUrl,
      VENDOR_API_SECRET: apiSecret,
      VENDOR_WEBHOOK_SECRET: webhookSecret,
      VENDOR_WEBHOOK_URL: webhookUrl,
      ...extra,
    },
    webhooks,
    async fault(mode, options = {}) {
      const response = await admin('POST', { mode, ...options });
      const json = (await response.json()) as { fault: { id: string } };
      if (response.status !== 201)
        throw new Error(`starting fault ${mode}: ${response.status} ${JSON.stringify(json)}`);
      return json.fault.id;
    },
    async endFaults() {
      await admin('DELETE');
    },
  };
}
