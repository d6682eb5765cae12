import { getConfig, type Config } from '../config';
import { createSandboxProvider } from './sandbox';
import { createSendbirdProvider } from './sendbird';
import { createStreamProvider } from './stream';
import { createTalkJsProvider } from './talkjs';
import { createTwilioProvider } from './twilio';
import type { ChatProvider, VendorName, ChatProviderSettings } from './types';

export * from './errors';
export type * from './types';

/** Every chat provider we can run against. A new VendorName fails to compile until it is added here. */
const providers: Record<VendorName, (settings: ChatProviderSettings) => ChatProvider> = {
  sandbox: createSandboxProvider,
  talkjs: createTalkJsProvider,
  stream: createStreamProvider,
  sendbird: createSendbirdProvider,
  twilio: createTwilioProvider,
};

/** An adapter with explicit settings (tests, scripts pointing at another environment). */
export function createChatProvider(name: VendorName, settings: ChatProviderSettings): ChatProvider {
  return providers[name](settings);
}

export function chatProviderSettingsFromConfig(config: Config): ChatProviderSettings {
  return {
    appId: config.VENDOR_APP_ID,
    apiUrl: config.VENDOR_API_URL,
    embedUrl: config.VENDOR_EMBED_URL,
    apiSecret: config.VENDOR_API_SECRET,
    webhookSecret: config.VENDOR_WEBHOOK_SECRET,
    webhookUrl: config.VENDOR_WEBHOOK_URL,
    signingKeyId: config.TWILIO_API_KEY_SID,
    signingKeySecret: config.TWILIO_API_KEY_SECRET,
  };
}

let cached: ChatProvider | undefined;

/** The process's vendor, chosen by CHAT_VENDOR and built once. */
export function getChatProvider(): ChatProvider {
  if (!cached) {
    const config = getConfig();
    cached = createChatProvider(config.CHAT_VENDOR, chatProviderSettingsFromConfig(config));
  }
  return cached;
}
