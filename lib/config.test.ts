import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

const minimal = {
  DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db',
  APP_URL: 'http://127.0.0.1:3000',
  AUTH_SECRET: 'a'.repeat(32),
  VENDOR_API_SECRET: 'vendor-secret-at-least-16',
  VENDOR_WEBHOOK_SECRET: 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0',
  SENDGRID_API_KEY: 'SG.test',
  SENDGRID_EVENT_PUBLIC_KEY: 'key',
};

describe('parseConfig', () => {
  it('applies the webhook ingest defaults', () => {
    const config = parseConfig(minimal);
    expect(config.WEBHOOK_INGEST_STATEMENTS).toBe(2);
    expect(config.WEBHOOK_DB_POOL_MAX).toBe(10);
  });

  it('refuses more ingest statements than webhook pool connections, naming the variable', () => {
    expect(() => parseConfig({ ...minimal, WEBHOOK_DB_POOL_MAX: '4', WEBHOOK_INGEST_STATEMENTS: '5' })).toThrow(ConfigError);
    expect(() => parseConfig({ ...minimal, WEBHOOK_DB_POOL_MAX: '4', WEBHOOK_INGEST_STATEMENTS: '5' })).toThrow(/WEBHOOK_INGEST_STATEMENTS: must not exceed WEBHOOK_DB_POOL_MAX/);
    expect(parseConfig({ ...minimal, WEBHOOK_DB_POOL_MAX: '4', WEBHOOK_INGEST_STATEMENTS: '4' }).WEBHOOK_INGEST_STATEMENTS).toBe(4);
  });
});
