import { headline, plainText } from '../message';
import { postJson } from '../http';
import type { ChannelFactory } from './types';

/** Slack incoming webhook (MONITOR_SLACK_WEBHOOK_URL): a text fallback and a few blocks. */
export const slack: ChannelFactory = ({ config }) => {
  const url = config.MONITOR_SLACK_WEBHOOK_URL;
  if (!url) return null;
  return {
    name: 'slack',
    kinds: ['opened', 'reminder', 'resolved'],
    send: (message) =>
      postJson('slack', url, {
        text: plainText(message),
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: headline(message).slice(0, 150) } },
          { type: 'section', text: { type: 'mrkdwn', text: message.summary } },
          { type: 'context', elements: [{ type: 'mrkdwn', text: `<${message.url}|Open the incident> · started ${message.startedAt.toISOString()}` }] },
        ],
      }),
  };
};
