import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  E2E_PROFILE,
  E2E_SANDBOX_URL,
  E2E_VENDOR,
  E2E_VENDOR_STACKS,
  type E2eVendor,
} from '../../../../scripts/lib/e2e-profile';
import { sandboxClient } from './sandbox';
import { sendbirdClient } from './sendbird';
import { streamClient } from './stream';
import { talkjsClient } from './talkjs';
import { twilioClient } from './twilio';
import type { E2eVendorClient, E2eVendorStack } from './types';

export type { E2eVendorClient, VendorSideMessage } from './types';

/** Each e2e vendor's own REST client; a vendor added to E2E_VENDOR_STACKS fails to compile until it is here. */
const clients: Record<E2eVendor, (stack: E2eVendorStack) => E2eVendorClient> = {
  sandbox: sandboxClient,
  talkjs: talkjsClient,
  stream: streamClient,
  sendbird: sendbirdClient,
  twilio: twilioClient,
};

/** The run's vendor (E2E_VENDOR), reached over its own REST API with the e2e stack's secrets. */
export function e2eVendorClient(): E2eVendorClient {
  const secrets = JSON.parse(readFileSync(path.join(E2E_PROFILE.dataDir, 'secrets.json'), 'utf8')) as {
    VENDOR_API_SECRET: string;
  };
  const stack = E2E_VENDOR_STACKS[E2E_VENDOR] as { VENDOR_APP_ID?: string; VENDOR_API_SECRET?: string };
  return clients[E2E_VENDOR]({
    sandboxUrl: E2E_SANDBOX_URL,
    // A stack may name its own app and secret (Twilio's fixed shapes); the others use the stack's generated ones.
    appId: stack.VENDOR_APP_ID ?? 'chatwatch-dev',
    apiSecret: stack.VENDOR_API_SECRET ?? secrets.VENDOR_API_SECRET,
  });
}
