import { Section, Text } from '@react-email/components';
import { z } from 'zod';
import { composeUnreadMessages } from './compose-unread';
import { defineTemplate } from './definition';
import { date, excerpt, formatTime, httpUrl, name, timeZone } from './fields';
import { ActionButton, EmailLayout, Lines, styles } from './layout';

const schema = z.object({
  recipientName: name,
  projectTitle: name,
  projectUrl: httpUrl,
  unsubscribeUrl: httpUrl,
  /** Oldest first, as they appear in the chat. */
  messages: z
    .array(z.object({ senderName: name, text: z.string(), sentAt: date }))
    .min(1)
    .max(50),
  timeZone,
});

/** A digest of messages the recipient has not read after UNREAD_EMAIL_DELAY_SECONDS. */
export const unreadMessages = defineTemplate({
  schema,
  policy: { purpose: 'unread-messages', digestible: true },
  compose: composeUnreadMessages,
  subject: ({ messages, projectTitle }) =>
    messages.length === 1
      ? `New message from ${messages[0]!.senderName} about ${projectTitle}`
      : `${messages.length} unread messages about ${projectTitle}`,
  body: (props) => {
    const count = props.messages.length === 1 ? 'an unread message' : `${props.messages.length} unread messages`;
    return (
      <EmailLayout
        preview={`${props.messages[0]!.senderName}: ${excerpt(props.messages[0]!.text, 90)}`}
        heading={props.projectTitle}
        unsubscribe={{ url: props.unsubscribeUrl, label: 'Stop emails about unread messages' }}
      >
        <Text style={styles.text}>
          Hi {props.recipientName}, you have {count} in {props.projectTitle}.
        </Text>
        {props.messages.map((message, index) => (
          <Section key={index}>
            <Text style={styles.meta}>
              <strong>{message.senderName}</strong> · {formatTime(message.sentAt, props.timeZone)}
            </Text>
            <Text style={styles.quote}>
              <Lines text={excerpt(message.text)} />
            </Text>
          </Section>
        ))}
        <ActionButton href={props.projectUrl}>Open {props.projectTitle}</ActionButton>
      </EmailLayout>
    );
  },
});
