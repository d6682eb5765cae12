import path from 'node:path';
import { SENDBIRD_HOST_SCRIPT, STREAM_HOST_SCRIPT, TWILIO_HOST_SCRIPT } from './host-scripts';

/** Vendors whose browser SDK we mount in our own host page from this folder (TalkJS has its own: ../talkjs-host). */
export type SdkHostVendor = 'sendbird' | 'twilio' | 'stream';

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

// `stream-chat` ships no self-contained browser file, so `npm start`, `npm test` and every stack build bundle its
// browser entry into this one (scripts/lib/stream-sdk-bundle.mjs `streamSdkBundlePath`, the same path).
const streamBundle = () => path.join(process.cwd(), 'node_modules', '.cache', 'chatwatch', 'stream-chat.browser.js');

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
  // Stream's REST introduction (https://getstream.io/chat/docs/rest/ › Basics › Hostname): "The hostname of the API is
  // https://chat.stream-io-api.com"; the SDK opens its socket on the same host (stream-chat client.ts `setBaseURL`:
  // `wsBaseURL` = `baseURL` with ws for http, so wss://chat.stream-io-api.com/connect). Apps on a regional base URL
  // stay under stream-io-api.com, hence the wildcard. Uploads are served by Stream's CDN (files docs, e.g.
  // https://getstream.io/activity-feeds/docs/react-native/files_introduction: https://us-east.stream-io-cdn.com/…).
  // Stream publishes no firewall list of client domains that we found (docs/connect-stream.md › Host page).
  stream: {
    script: STREAM_HOST_SCRIPT,
    sdkFile: streamBundle,
    connect: ['https://*.stream-io-api.com', 'wss://*.stream-io-api.com'],
    media: ['https://*.stream-io-cdn.com'],
  },
};

export const isSdkHostVendor = (value: string): value is SdkHostVendor => Object.hasOwn(sdkHosts, value);
