import { randomBytes } from 'node:crypto';
import type { Sink } from './types';

const ACTIONS = ['trigger', 'acknowledge', 'resolve'];
const SEVERITIES = ['critical', 'error', 'warning', 'info'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** PagerDuty Events API v2 enqueue. */
export const pagerduty: Sink = {
  name: 'pagerduty',
  path: '/pagerduty/v2/enqueue',
  targetParam: null,
  handle(body) {
    const errors: string[] = [];
    if (!isObject(body)) errors.push('Event object is invalid');
    else {
      if (!nonEmpty(body.routing_key)) errors.push("'routing_key' is missing or blank");
      if (!ACTIONS.includes(String(body.event_action)))
        errors.push("'event_action' is invalid (must be one of: trigger, acknowledge, resolve)");
      if (body.event_action !== 'trigger' && !nonEmpty(body.dedup_key))
        errors.push("'dedup_key' is required for acknowledge and resolve");
      if (body.event_action === 'trigger') {
        const p = body.payload;
        if (!isObject(p)) errors.push("'payload' is missing or not an object");
        else {
          if (!nonEmpty(p.summary)) errors.push("'payload.summary' is missing or blank");
          else if (p.summary.length > 1024) errors.push("'payload.summary' must be at most 1024 characters");
          if (!nonEmpty(p.source)) errors.push("'payload.source' is missing or blank");
          if (!SEVERITIES.includes(String(p.severity)))
            errors.push("'payload.severity' is invalid (must be one of: critical, error, warning, info)");
        }
      }
    }
    if (errors.length > 0 || !isObject(body))
      return {
        status: 400,
        body: { status: 'invalid event', message: 'Event object is invalid', errors },
        accepted: false,
      };
    const dedupKey = nonEmpty(body.dedup_key) ? body.dedup_key : randomBytes(16).toString('hex');
    return {
      status: 202,
      body: { status: 'success', message: 'Event processed', dedup_key: dedupKey },
      accepted: true,
    };
  },
};
