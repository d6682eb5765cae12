import { Text } from '@react-email/components';
import { z } from 'zod';
import { defineTemplate } from './definition';
import { date, formatTime, httpUrl, name, timeZone } from './fields';
import { ActionButton, EmailLayout, Lines, styles } from './layout';

const schema = z.object({
  recipientName: name,
  senderName: name,
  projectTitle: name,
  /** Sent in full: while the chat was down, this email is the only copy the recipient has seen. */
  text: z.string().min(1),
  sentAt: date,
  projectUrl: httpUrl,
  unsubscribeUrl: httpUrl.optional(),
  timeZone,
});

/** Delivers a message that was written while the chat vendor was unavailable. */
export const fallbackMessage = defineTemplate({
  schema,
  // The only copy of a message written while the chat was down: delivered whatever the preferences say.
  policy: { purpose: null, digestible: false },
  subject: ({ senderName, projectTitle }) => `${senderName} sent you a message about ${projectTitle}`,
  body: (props) => (
    <EmailLayout
      preview={`${props.senderName}: ${props.text.slice(0, 90)}`}
      heading={`Message from ${props.senderName}`}
      unsubscribe={
        props.unsubscribeUrl ? { url: props.unsubscribeUrl, label: 'Unsubscribe from these emails' } : undefined
      }
    >
      <Text style={styles.text}>
        Hi {props.recipientName}, {props.senderName} sent you this message about {props.projectTitle} while our chat was
        unavailable:
      </Text>
      <Text style={styles.meta}>{formatTime(props.sentAt, props.timeZone)}</Text>
      <Text style={styles.quote}>
        <Lines text={props.text} />
      </Text>
      <Text style={styles.text}>It will also appear in the project chat once the chat is back.</Text>
      <ActionButton href={props.projectUrl}>Reply in ChatWatch</ActionButton>
    </EmailLayout>
  ),
});
