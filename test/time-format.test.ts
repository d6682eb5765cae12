import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { zonedDateTime } from '../lib/time/zoned';

// One time format on every page (issue 17): the reader's zone, named, to the second — lib/time/zoned.ts, shown by
// app/_components/time.tsx. The old one ("2026-03-01 14:02 UTC", cut from toISOString or built from getUTC*)
// must not come back anywhere pages get their text from.
const root = path.resolve(import.meta.dirname, '..');
const SCANNED = ['app', 'lib'];
const SKIPPED = [/\.test\.tsx?$/, /^lib\/db\/generated\//, /^lib\/time\//];

/** Hand-made UTC times: an ISO string cut to the minute or second, or a clock built from UTC getters. */
const OLD_FORMAT = [
  /toISOString\(\)\s*\.slice\(\s*0\s*,[^)]*\b1[69]\s*\)/,
  /toISOString\(\)\s*\.slice\(\s*11\s*,\s*16\s*\)/,
  /getUTC(Hours|Minutes)\(\)/,
];

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sources(relative);
    return /\.tsx?$/.test(entry.name) && !SKIPPED.some((skip) => skip.test(relative)) ? [relative] : [];
  });
}

describe('one time format', () => {
  it('no page or service formats a time the old UTC-to-the-minute way', () => {
    const offenders = SCANNED.flatMap(sources).flatMap((file) => {
      const text = readFileSync(path.join(root, file), 'utf8');
      return OLD_FORMAT.filter((pattern) => pattern.test(text)).map((pattern) => `${file}: ${pattern}`);
    });
    expect(offenders).toEqual([]);
  });

  it('is the reader’s zone, named, to the second', () => {
    const at = new Date('2026-11-30T12:03:05Z');
    expect(zonedDateTime(at, 'UTC')).toBe('30 Nov 2026, 12:03:05 UTC');
    expect(zonedDateTime(at, 'Europe/Berlin')).toBe('30 Nov 2026, 13:03:05 CET');
  });
});
