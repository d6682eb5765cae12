import { z } from 'zod';

// The one schema helper for text that arrives from outside (chat-provider webhooks, SendGrid events, API input).
// PostgreSQL cannot store U+0000 in text or jsonb (SQLSTATE 22P05) and refuses an index entry over ~2.7 kB
// ("index row requires N bytes", 54000): unbounded identifiers and NULs therefore turned hostile input into a
// 500. Every string is bounded and checked here, at the edge, so such input is a 400 and nothing is stored.

/** Longest identifier we accept (vendor event/message/conversation/user ids, SendGrid ids): far below the index limit. */
export const MAX_ID_LENGTH = 255;
/** Longest free text (a chat message body); the request body limit bounds it too. */
export const MAX_TEXT_LENGTH = 65_536;

// C0 controls and DEL and C1 controls; free text may keep tab, line feed and carriage return.
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_EXCEPT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** True when `value` holds a character we refuse: any control character (`allowLineBreaks`: except \t \n \r and C1). */
export function hasControlCharacters(value: string, allowLineBreaks = false): boolean {
  return (allowLineBreaks ? CONTROL_EXCEPT_WHITESPACE : ANY_CONTROL).test(value);
}

/** An identifier: 1..max characters, no control characters (NUL included), not only spaces. */
export function boundedId(max = MAX_ID_LENGTH) {
  return z
    .string()
    .min(1)
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !hasControlCharacters(value), 'must not contain control characters')
    .refine((value) => value.trim().length > 0, 'must not be blank');
}

/** Free text: at most `max` characters, no NUL or other control characters except tab, line feed and carriage return. */
export function boundedText(max = MAX_TEXT_LENGTH) {
  return z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !hasControlCharacters(value, true), 'must not contain NUL or control characters');
}

/** A list of identifiers, at most `maxItems` long. */
export function boundedIdList(maxItems = 1000, max = MAX_ID_LENGTH) {
  return z.array(boundedId(max)).max(maxItems, `must have at most ${maxItems} items`);
}
