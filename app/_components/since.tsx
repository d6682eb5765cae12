'use client';
import { useEffect, useState } from 'react';
import { duration } from '@/lib/reports/export/format';

/**
 * "30 Nov 2026, 12:03:05 CET (31 s ago)" that keeps counting in the browser between live updates. `label` is the
 * time formatted on the server (./time.tsx), so server and client HTML agree; the first render uses the server's
 * `now` (ISO), and from then on it counts from the browser's clock, every second.
 */
export function Since({ at, now, label }: { at: string; now: string; label: string }) {
  const [current, setCurrent] = useState(() => new Date(now));
  useEffect(() => {
    const timer = setInterval(() => setCurrent(new Date()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const when = new Date(at);
  return (
    <time dateTime={at} data-testid="since">
      {label} ({duration(Math.max(0, current.getTime() - when.getTime()))} ago)
    </time>
  );
}
