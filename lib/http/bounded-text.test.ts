import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { boundedId, boundedIdList, boundedText, hasControlCharacters, MAX_ID_LENGTH } from './bounded-text';

// The edge schema every adapter and route uses for outside text (the class behind "a 7,500-byte id → 500" and
// "an id with \u0000 → 500 (22P05)").

describe('bounded text at the edge', () => {
  it('identifiers: refuses over-long ids, NUL, any control character and blanks; accepts ordinary ids', () => {
    const id = boundedId();
    expect(id.safeParse('evt_2aF9-x.y:z@provider').success).toBe(true);
    expect(id.safeParse('a'.repeat(MAX_ID_LENGTH)).success).toBe(true);
    expect(id.safeParse(randomBytes(7500).toString('base64')).success).toBe(false);
    for (const bad of ['evt\u0000x', 'evt\nx', 'evt\tx', 'evt\u001bx', 'evt\u007fx', 'evt\u0085x', '', '   '])
      expect(id.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('free text: keeps line breaks and tabs, refuses NUL and other controls and over-long text', () => {
    const text = boundedText(100);
    expect(text.safeParse('Hi,\r\n\tthe brief — ünïcode 👍').success).toBe(true);
    for (const bad of ['a\u0000b', 'a\u0007b', 'a\u001bb', 'x'.repeat(101)])
      expect(text.safeParse(bad).success, JSON.stringify(bad.slice(0, 10))).toBe(false);
  });

  it('lists: bounded in length and in each item', () => {
    expect(boundedIdList(2).safeParse(['a', 'b']).success).toBe(true);
    expect(boundedIdList(2).safeParse(['a', 'b', 'c']).success).toBe(false);
    expect(boundedIdList(2).safeParse(['a', 'b\u0000']).success).toBe(false);
    expect(hasControlCharacters('fine')).toBe(false);
  });
});
