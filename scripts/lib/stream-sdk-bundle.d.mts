// Types for stream-sdk-bundle.mjs (plain JavaScript: bootstrap.mjs calls it before tsx is in play).
export function streamSdkBundlePath(root?: string): string;
export function ensureStreamSdkBundle(root?: string): string;
