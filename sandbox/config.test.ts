import { describe, expect, it } from 'vitest';
import { parseSandboxConfig } from './config';
import { testConfig } from './test/harness';

describe('sandbox config', () => {
  it('names every missing required variable', () => {
    expect(() => parseSandboxConfig({})).toThrow(
      /SANDBOX_DATABASE_URL[\s\S]*VENDOR_API_SECRET[\s\S]*VENDOR_WEBHOOK_SECRET[\s\S]*SENDGRID_API_KEY[\s\S]*SENDGRID_EVENT_PRIVATE_KEY/,
    );
  });

  it('applies the documented defaults', () => {
    const config = testConfig('postgresql://x@127.0.0.1/db', {
      SANDBOX_PORT: '4100',
      SANDBOX_WEBHOOK_SCHEDULE: 'production',
      LOG_LEVEL: 'info',
    });
    expect(config).toMatchObject({
      SANDBOX_PORT: 4100,
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_PUBLIC_URL: 'http://127.0.0.1:4100',
      VENDOR_APP_ID: 'chatwatch-dev',
      APP_ORIGIN: 'http://127.0.0.1:3000',
      APP_WEBHOOK_URL: 'http://127.0.0.1:3000/api/webhooks/chat',
      SENDGRID_EVENT_WEBHOOK_URL: 'http://127.0.0.1:3000/api/webhooks/sendgrid',
      SANDBOX_WEBHOOK_SCHEDULE: 'production',
    });
  });

  it('reads an empty value as unset: the default applies, a required variable is named missing', () => {
    const config = testConfig('postgresql://x@h/db', {
      SANDBOX_PORT: '',
      SANDBOX_PUBLIC_URL: '',
      SANDBOX_WEBHOOK_SCHEDULE: '',
      LOG_LEVEL: '',
    });
    expect(config).toMatchObject({
      SANDBOX_PORT: 4100,
      SANDBOX_PUBLIC_URL: 'http://127.0.0.1:4100',
      SANDBOX_WEBHOOK_SCHEDULE: 'production',
      LOG_LEVEL: 'info',
    });
    expect(() => testConfig('postgresql://x@h/db', { SENDGRID_API_KEY: '' })).toThrow(/SENDGRID_API_KEY/);
  });

  it('rejects a webhook secret without whsec_, a key that is not P-256, and an APP_ORIGIN with a path is reduced to its origin', () => {
    expect(() => testConfig('postgresql://x@h/db', { VENDOR_WEBHOOK_SECRET: 'plain-secret-of-some-length' })).toThrow(
      /VENDOR_WEBHOOK_SECRET/,
    );
    expect(() => testConfig('postgresql://x@h/db', { SENDGRID_EVENT_PRIVATE_KEY: 'not a pem' })).toThrow(
      /SENDGRID_EVENT_PRIVATE_KEY/,
    );
    expect(testConfig('postgresql://x@h/db', { APP_ORIGIN: 'http://localhost:3000/some/page' }).APP_ORIGIN).toBe(
      'http://localhost:3000',
    );
  });

  it('accepts a PEM with escaped newlines, as .env files often hold it', () => {
    const pem = testConfig('postgresql://x@h/db').SENDGRID_EVENT_PRIVATE_KEY;
    expect(
      testConfig('postgresql://x@h/db', { SENDGRID_EVENT_PRIVATE_KEY: pem.replace(/\n/g, '\\n') })
        .SENDGRID_EVENT_PRIVATE_KEY,
    ).toBe(pem);
  });
});
