/** The wire formats the sandbox can speak (SANDBOX_DIALECT). A new name fails to compile until ./index.ts and ./secrets.ts know it. */
export const DIALECT_NAMES = ['sandbox', 'talkjs', 'stream', 'sendbird', 'twilio'] as const;
export type DialectName = (typeof DIALECT_NAMES)[number];
