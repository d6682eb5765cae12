import { customAlphabet } from 'nanoid';

const alphabet = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', 22);

/** Prefixed random ids, like the vendor's: msg_…, evt_…, flt_…. */
export function newId(prefix: 'msg' | 'evt' | 'flt' | 'req' | 'eml' | 'alr'): string {
  return `${prefix}_${alphabet()}`;
}

/** SendGrid's X-Message-Id looks like 22 url-safe characters. */
export const newSendgridMessageId = customAlphabet(
  '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_',
  22,
);
