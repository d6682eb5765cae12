import { getConfig, type Config } from '../config';
import { createSandboxVendor } from './sandbox';
import { createTalkJsVendor } from './talkjs';
import type { ChatVendor, VendorName, VendorSettings } from './types';

export * from './errors';
export type * from './types';

/** Every vendor we can run against. A new VendorName fails to compile until it is added here. */
const vendors: Record<VendorName, (settings: VendorSettings) => ChatVendor> = {
  sandbox: createSandboxVendor,
  talkjs: createTalkJsVendor,
};

/** An adapter with explicit settings (tests, scripts pointing at another environment). */
export function createVendor(name: VendorName, settings: VendorSettings): ChatVendor {
  return vendors[name](settings);
}

export function vendorSettingsFromConfig(config: Config): VendorSettings {
  return {
    appId: config.VENDOR_APP_ID,
    apiUrl: config.VENDOR_API_URL,
    embedUrl: config.VENDOR_EMBED_URL,
    apiSecret: config.VENDOR_API_SECRET,
    webhookSecret: config.VENDOR_WEBHOOK_SECRET,
  };
}

let cached: ChatVendor | undefined;

/** The process's vendor, chosen by CHAT_VENDOR and built once. */
export function getVendor(): ChatVendor {
  if (!cached) {
    const config = getConfig();
    cached = createVendor(config.CHAT_VENDOR, vendorSettingsFromConfig(config));
  }
  return cached;
}
