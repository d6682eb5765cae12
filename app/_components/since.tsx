'use client';
import { useEffect, useState } from 'react';
import { duration } from '@/lib/reports/export/format';
import { clock } from './time';

/**
 * "14:02 UTC (31 s ago)" that keeps counting in the browser between live updates. The first render uses the
 * server's `now` (ISO) so server and client HTML agree; from then on it counts from the browser's clock, every second.
 */
export function Since({ at, now }: { at: string; now: string }) {
  const [current, setCurrent] = useState(() => new Date(now));
  useEffect(() => {
    const timer = setInterval(() => setCurrent(new Date()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const when = new Date(at);
  return (
    <time dateTime={at} data-testid="since">
      {clock(when, current)} ({duration(Math.max(0, current.getTime() - when.getTime()))} ago)
    </time>
  );
}
