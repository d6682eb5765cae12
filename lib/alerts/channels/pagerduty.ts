import { postJson } from '../http';
import { headline } from '../message';
import type { ChannelFactory } from './types';

/** PagerDuty Events API v2: trigger on opening and resolve on recovery, both under the incident's dedup key. */
export const pagerduty: ChannelFactory = ({ config }) => {
  const routingKey = config.MONITOR_PAGERDUTY_ROUTING_KEY;
  if (!routingKey) return null;
  return {
    name: 'pagerduty',
    kinds: ['opened', 'resolved'],
    // Events API v2: a trigger with the dedup_key of an open alert is folded into it; a resolve is idempotent.
    dropsRepeats: true,
    send: (message) =>
      postJson(
        'pagerduty',
        config.MONITOR_PAGERDUTY_URL,
        message.kind === 'resolved'
          ? { routing_key: routingKey, event_action: 'resolve', dedup_key: message.dedupKey }
          : {
              routing_key: routingKey,
              event_action: 'trigger',
              dedup_key: message.dedupKey,
              payload: {
                summary: headline(message).slice(0, 1024),
                source: 'chatwatch-monitor',
                severity: message.component === 'monitor' ? 'error' : 'critical',
                component: message.component,
                timestamp: message.detectedAt.toISOString(),
                custom_details: {
                  summary: message.summary,
                  failed_runs: message.failedRuns,
                  started_at: message.startedAt.toISOString(),
                  faults: message.faults,
                },
              },
              links: [{ href: message.url, text: 'Incident in ChatWatch' }],
            },
      ),
  };
};
