import { describe, expect, it } from 'vitest';
import { REQUIRED_CONFIG_ENV } from '../test/support/config-env';
import { chatProviderSettingsFromConfig } from './chat-provider';
import { parseConfig } from './config';

// CHAT_VENDOR=stream|sendbird|twilio: defaults that follow from the vendor, and start-up refusing what cannot work.

const base = { ...REQUIRED_CONFIG_ENV, APP_URL: 'https://market.example' };
const twilioEnv = {
  ...base,
  CHAT_VENDOR: 'twilio',
  VENDOR_APP_ID: 'AC0123456789abcdef0123456789abcdef',
  VENDOR_API_URL: 'https://conversations.twilio.com',
  VENDOR_API_SECRET: '0123456789abcdef0123456789abcdef',
  VENDOR_WEBHOOK_SECRET: '0123456789abcdef0123456789abcdef',
  TWILIO_API_KEY_SID: 'SK0123456789abcdef0123456789abcdef',
  TWILIO_API_KEY_SECRET: 'twilio-api-key-secret-0123',
};

describe('vendor configuration', () => {
  it.each(['stream', 'sendbird'])('%s: the iframe loads our host page and webhooks default to our route', (vendor) => {
    const config = parseConfig({ ...base, CHAT_VENDOR: vendor });
    expect(config.VENDOR_EMBED_URL).toBe(`https://market.example/api/chat-host/${vendor}/c`);
    expect(config.VENDOR_WEBHOOK_URL).toBe('https://market.example/api/webhooks/chat');
  });

  it('twilio: accepts a complete setup and hands the API key and public webhook URL to the adapter', () => {
    const config = parseConfig({ ...twilioEnv, VENDOR_WEBHOOK_URL: 'https://hooks.market.example/api/webhooks/chat' });
    expect(chatProviderSettingsFromConfig(config)).toMatchObject({
      webhookUrl: 'https://hooks.market.example/api/webhooks/chat',
      signingKeyId: 'SK0123456789abcdef0123456789abcdef',
      signingKeySecret: 'twilio-api-key-secret-0123',
    });
  });

  it('twilio: start-up names each variable that cannot work', () => {
    const { TWILIO_API_KEY_SID: _sid, TWILIO_API_KEY_SECRET: _secret, ...withoutKey } = twilioEnv;
    expect(() => parseConfig(withoutKey)).toThrow(/TWILIO_API_KEY_SID: is required when CHAT_VENDOR=twilio/);
    expect(() => parseConfig(withoutKey)).toThrow(/TWILIO_API_KEY_SECRET: is required/);
    expect(() => parseConfig({ ...twilioEnv, VENDOR_APP_ID: 'chatwatch-dev' })).toThrow(
      /VENDOR_APP_ID: must be the Twilio Account SID/,
    );
    expect(() => parseConfig({ ...twilioEnv, VENDOR_WEBHOOK_SECRET: 'not-an-auth-token-at-all' })).toThrow(
      /VENDOR_WEBHOOK_SECRET: a Twilio Auth Token is 32 hexadecimal characters/,
    );
  });
});
