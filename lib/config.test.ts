import { describe, expect, it } from 'vitest';
import { REQUIRED_CONFIG_ENV } from '../test/support/config-env';
import { ConfigError, parseConfig } from './config';

describe('parseConfig', () => {
  it('applies the webhook ingest defaults', () => {
    const config = parseConfig(REQUIRED_CONFIG_ENV);
    expect(config.WEBHOOK_INGEST_STATEMENTS).toBe(2);
    expect(config.WEBHOOK_DB_POOL_MAX).toBe(10);
  });

  it('refuses more ingest statements than webhook pool connections, naming the variable', () => {
    const tooMany = () =>
      parseConfig({ ...REQUIRED_CONFIG_ENV, WEBHOOK_DB_POOL_MAX: '4', WEBHOOK_INGEST_STATEMENTS: '5' });
    expect(tooMany).toThrow(ConfigError);
    expect(tooMany).toThrow(/WEBHOOK_INGEST_STATEMENTS: must not exceed WEBHOOK_DB_POOL_MAX/);
    expect(
      parseConfig({ ...REQUIRED_CONFIG_ENV, WEBHOOK_DB_POOL_MAX: '4', WEBHOOK_INGEST_STATEMENTS: '4' })
        .WEBHOOK_INGEST_STATEMENTS,
    ).toBe(4);
  });

  it('refuses a webhook secret the chosen adapter cannot read, naming the variable (v1,whsec_… is a signature, not a secret)', () => {
    const base64 = Buffer.from('a valid 32-byte secret, honestly').toString('base64');
    const malformed = () =>
      parseConfig({ ...REQUIRED_CONFIG_ENV, CHAT_VENDOR: 'sandbox', VENDOR_WEBHOOK_SECRET: `v1,whsec_${base64}` });
    expect(malformed).toThrow(ConfigError);
    expect(malformed).toThrow(/VENDOR_WEBHOOK_SECRET: not a Standard Webhooks secret/);
    expect(
      parseConfig({ ...REQUIRED_CONFIG_ENV, CHAT_VENDOR: 'sandbox', VENDOR_WEBHOOK_SECRET: `whsec_${base64}` })
        .VENDOR_WEBHOOK_SECRET,
    ).toBe(`whsec_${base64}`);
    // TalkJS uses its secret key as given (an HMAC key): the same string is fine there.
    expect(
      parseConfig({ ...REQUIRED_CONFIG_ENV, CHAT_VENDOR: 'talkjs', VENDOR_WEBHOOK_SECRET: `v1,whsec_${base64}` })
        .CHAT_VENDOR,
    ).toBe('talkjs');
  });
});
