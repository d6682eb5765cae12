import { createHmac } from 'node:crypto';
import { AlertSendError } from '../errors';
import { postJson } from '../http';
import { plainText } from '../message';
import type { ChannelFactory } from './types';

/** A generic JSON webhook (MONITOR_ALERT_WEBHOOK_URL), signed with HMAC-SHA256 when a secret is set. */
export const webhook: ChannelFactory = ({ config }) => {
  const url = config.MONITOR_ALERT_WEBHOOK_URL;
  if (!url) return null;
  const secret = config.MONITOR_ALERT_WEBHOOK_SECRET;
  return {
    name: 'webhook',
    kinds: ['opened', 'reminder', 'resolved'],
    // The body's `id` is stable per (incident, kind, sequence), and receivers are told to drop a repeated id.
    dropsRepeats: true,
    async send(message) {
      const body = {
        id: `${message.dedupKey}-${message.kind}-${message.sequence}`,
        type: `incident.${message.kind}`,
        incident: {
          id: message.incidentId,
          component: message.component,
          title: message.title,
          startedAt: message.startedAt.toISOString(),
          detectedAt: message.detectedAt.toISOString(),
          resolvedAt: message.resolvedAt?.toISOString() ?? null,
          failedRuns: message.failedRuns,
          lastError: message.lastError,
          faults: message.faults.map((f) => ({ ...f, startedAt: f.startedAt.toISOString() })),
          url: message.url,
        },
        text: plainText(message),
      };
      const raw = JSON.stringify(body);
      const headers: Record<string, string> = secret
        ? { 'x-chatwatch-signature': `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}` }
        : {};
      try {
        await postJson('webhook', url, body, { headers });
      } catch (error) {
        if (error instanceof AlertSendError) throw error;
        throw new AlertSendError('webhook: send failed', null, true, null, { cause: error, outcome: 'not-sent' });
      }
    },
  };
};
