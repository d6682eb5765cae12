import { Text } from '@react-email/components';
import { z } from 'zod';
import { defineTemplate } from './definition';
import { date, excerpt, formatTime, httpUrl, name, timeZone } from './fields';
import { ActionButton, EmailLayout, Lines, styles } from './layout';

const schema = z.object({
  /** "Chat UI", "Webhooks", … */
  component: name,
  event: z.enum(['opened', 'updated', 'resolved']),
  title: z.string().trim().min(1).max(300),
  /** The timeline entry this email is about. */
  message: z.string().trim().min(1).max(5000),
  /** Who wrote it, for a staff member's note. */
  author: name.optional(),
  startedAt: date,
  at: date,
  incidentUrl: httpUrl,
  /** The subscription's own link (lib/incident-subscriptions): ends these emails, whatever other preferences say. */
  unsubscribeUrl: httpUrl,
  timeZone,
});

const label = { opened: 'Incident opened', updated: 'Incident update', resolved: 'Incident resolved' } as const;

/** For staff subscribed on /status/settings: one template for every incident event, so they cannot drift apart. */
export const incidentNotification = defineTemplate({
  schema,
  // Opt-in (an incident subscription); its own unsubscribe link deletes the subscription.
  policy: { purpose: null, digestible: false },
  subject: ({ event, title }) => `[${label[event]}] ${title}`,
  body: (props) => (
    <EmailLayout
      preview={`${label[props.event]}: ${props.title}`}
      heading={`${label[props.event]} · ${props.component}`}
      unsubscribe={{ url: props.unsubscribeUrl, label: 'Stop incident emails' }}
    >
      <Text style={styles.text}>
        <strong>{props.title}</strong>
      </Text>
      <Text style={styles.quote}>
        <Lines text={excerpt(props.message, 1200)} />
      </Text>
      <Text style={styles.meta}>
        {props.author ? `${props.author}, ` : ''}
        {formatTime(props.at, props.timeZone)}
      </Text>
      <Text style={styles.meta}>Down since {formatTime(props.startedAt, props.timeZone)}</Text>
      <ActionButton href={props.incidentUrl}>Open the incident</ActionButton>
    </EmailLayout>
  ),
});
