import { renderEmail } from '../../email/render';
import { getEmailTransport } from '../../email/transport';
import type { ChannelFactory } from './types';

const clip = (text: string) => (text.length > 300 ? `${text.slice(0, 299)}…` : text);

/** Email through SendGrid (our transport) with the incident-alert template, to each address of MONITOR_ALERT_EMAIL_TO. */
export const email: ChannelFactory = ({ config, emailTransport }) => {
  const to = config.MONITOR_ALERT_EMAIL_TO;
  if (to.length === 0) return null;
  return {
    name: 'email',
    kinds: ['opened', 'reminder', 'resolved'],
    // SendGrid's mail/send has no idempotency key: every accepted request is a new e-mail.
    dropsRepeats: false,
    recipients: to,
    /** One address per call: the dispatcher keeps one idempotent delivery record per recipient. */
    async send(message, recipient, deliveryId) {
      if (!recipient || !to.includes(recipient))
        throw new Error(`email alert: unknown recipient ${recipient ?? '(none)'}`);
      const rendered = await renderEmail('incident-alert', {
        component: message.componentLabel,
        state: message.kind,
        summary: clip(
          message.kind === 'resolved' ? message.summary : message.title.replace(`${message.componentLabel}: `, ''),
        ),
        url: message.url,
        startedAt: message.startedAt,
        resolvedAt: message.resolvedAt ?? undefined,
        timeZone: 'UTC',
      });
      await (emailTransport ?? getEmailTransport()).send({
        to: recipient,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        categories: ['incident-alert'],
        // alert_delivery_id: SendGrid's events name the delivery, which settles one left UNCONFIRMED (no answer).
        customArgs: {
          incidentId: message.incidentId,
          alertKind: message.kind,
          ...(deliveryId ? { alert_delivery_id: deliveryId } : {}),
        },
      });
    },
  };
};
