import { Text } from '@react-email/components';
import { z } from 'zod';
import { defineTemplate } from './definition';
import { date, formatTime, httpUrl, name, timeZone } from './fields';
import { ActionButton, EmailLayout, styles } from './layout';

const schema = z.object({
  /** The monitored component, e.g. "chat-embed" or "email-delivery". */
  component: name,
  state: z.enum(['opened', 'reminder', 'resolved']),
  summary: z.string().trim().min(1).max(300),
  /** The incident's page (dashboard, runbook). */
  url: httpUrl,
  startedAt: date,
  resolvedAt: date.optional(),
  timeZone,
});

const label = { opened: 'INCIDENT', reminder: 'STILL OPEN', resolved: 'RESOLVED' } as const;
const lead = {
  opened: 'A new incident is open.',
  reminder: 'This incident is still open.',
  resolved: 'This incident is resolved.',
} as const;

function duration(from: Date, to: Date): string {
  const minutes = Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** For engineers; one template for every state so the three emails cannot drift apart. */
export const incidentAlert = defineTemplate({
  schema,
  policy: { purpose: null, digestible: false },
  subject: ({ state, component, summary }) => `[${label[state]}] ${component}: ${summary}`,
  body: (props) => (
    <EmailLayout
      preview={`${label[props.state]}: ${props.summary}`}
      heading={`${label[props.state]} · ${props.component}`}
    >
      <Text style={styles.text}>{lead[props.state]}</Text>
      <Text style={styles.quote}>{props.summary}</Text>
      <Text style={styles.meta}>Component: {props.component}</Text>
      <Text style={styles.meta}>Started: {formatTime(props.startedAt, props.timeZone)}</Text>
      {props.resolvedAt ? (
        <Text style={styles.meta}>
          Resolved: {formatTime(props.resolvedAt, props.timeZone)} (after {duration(props.startedAt, props.resolvedAt)})
        </Text>
      ) : null}
      <ActionButton href={props.url}>Open the incident</ActionButton>
    </EmailLayout>
  ),
});
