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
    const tooMany = () => parseConfig({ ...REQUIRED_CONFIG_ENV, WEBHOOK_DB_POOL_MAX: '4', WEBHOOK_INGEST_STATEMENTS: '5' });
    expect(tooMany).toThrow(ConfigError);
    expect(tooMany).toThrow(/WEBHOOK_INGEST_STATEMENTS: must not exceed WEBHOOK_DB_POOL_MAX/);
    expect(parseConfig({ ...REQUIRED_CONFIG_ENV, WEBHOOK_DB_POOL_MAX: '4', WEBHOOK_INGEST_STATEMENTS: '4' }).WEBHOOK_INGEST_STATEMENTS).toBe(4);
  });
});
