import { faultsLine, headline, plainText } from '../message';
import { postJson } from '../http';
import type { ChannelFactory } from './types';

/**
 * Slack incoming webhook (MONITOR_SLACK_WEBHOOK_URL): a text fallback and a few blocks. Slack renders `blocks`
 * and shows `text` only in notifications, so everything a reader needs is in the blocks too
 * (https://api.slack.com/reference/messaging/payload).
 */
export const slack: ChannelFactory = ({ config }) => {
  const url = config.MONITOR_SLACK_WEBHOOK_URL;
  if (!url) return null;
  return {
    name: 'slack',
    kinds: ['opened', 'reminder', 'resolved'],
    // Incoming webhooks take no idempotency key: every POST that arrives is a new message.
    dropsRepeats: false,
    send: (message) => {
      const faults = faultsLine(message);
      return postJson('slack', url, {
        text: plainText(message),
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: headline(message).slice(0, 150) } },
          { type: 'section', text: { type: 'mrkdwn', text: message.summary } },
          ...(faults ? [{ type: 'section', text: { type: 'mrkdwn', text: faults } }] : []),
          {
            type: 'context',
            elements: [
              {
                type: 'mrkdwn',
                text: `<${message.url}|Open the incident> · started ${message.startedAt.toISOString()}`,
              },
            ],
          },
        ],
      });
    },
  };
};
