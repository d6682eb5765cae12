import { timingSafeEqual } from 'node:crypto';

/**
 * Whether a scrape of /api/metrics may read the metrics: `Authorization: Bearer <token>` (RFC 6750 §2.1) equal to
 * METRICS_TOKEN, compared in constant time. Without a configured token the endpoint is off.
 */
export function metricsScrapeAllowed(authorization: string | null, token: string | undefined): boolean {
  if (!token || !authorization) return false;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
