import path from 'node:path';
import { SENDBIRD_HOST_SCRIPT, TWILIO_HOST_SCRIPT } from './host-scripts';

/** Vendors whose browser SDK we mount in our own host page from this folder (TalkJS has its own: ../talkjs-host). */
export type SdkHostVendor = 'sendbird' | 'twilio';

export interface SdkHost {
  /** The host page's script (./host-scripts.ts). */
  script: string;
  /** The SDK's browser build inside its pinned npm package; we serve it from our origin (no third-party CDN to trust or to fail). */
  sdkFile: () => string;
  /** Origins the SDK talks to (CSP connect-src); from each vendor's network requirements, see the doc comments. */
  connect: string[];
  /** Origins of images and media the UI shows (profile pictures, attachments). */
  media: string[];
}

// The file is read at request time from the installed package, never bundled: a bundler cannot follow a
// `require.resolve` of a computed name (Turbopack fails the build on it), so the path is built from the app's
// root, which is the working directory of every process that serves it (`next start`, the tests).
const packageFile = (pkg: string, file: string) => () => path.join(process.cwd(), 'node_modules', pkg, file);

/** Where each vendor's host page, script and SDK are served (route handlers under app/api/chat-host/[vendor]). */
export const sdkHostPaths = (vendor: SdkHostVendor) => ({
  page: `/api/chat-host/${vendor}/c`,
  script: `/api/chat-host/${vendor}/host.js`,
  sdk: `/api/chat-host/${vendor}/sdk.js`,
});

export const sdkHosts: Record<SdkHostVendor, SdkHost> = {
  // The SDK calls https://api-<APP_ID>.sendbird.com and wss://ws-<APP_ID>.sendbird.com (Sendbird's "Allowlist" of
  // domains for firewalls); files and profile images come from *.sendbird.com too.
  sendbird: {
    script: SENDBIRD_HOST_SCRIPT,
    sdkFile: packageFile('@sendbird/chat', 'sendbird.min.js'),
    connect: ['https://*.sendbird.com', 'wss://*.sendbird.com'],
    media: ['https://*.sendbird.com'],
  },
  // Twilio's network list for Conversations (https://www.twilio.com/docs/conversations/javascript/network-requirements
  // — wss://tsock.twilio.com, https://mcs.twilio.com, https://aim.twilio.com and regional variants): *.twilio.com.
  twilio: {
    script: TWILIO_HOST_SCRIPT,
    sdkFile: packageFile('@twilio/conversations', 'builds/twilio-conversations.min.js'),
    connect: ['https://*.twilio.com', 'wss://*.twilio.com'],
    media: ['https://*.twilio.com', 'https://*.twiliocdn.com'],
  },
};

export const isSdkHostVendor = (value: string): value is SdkHostVendor => Object.hasOwn(sdkHosts, value);
