import { Text } from '@react-email/components';
import { z } from 'zod';
import { defineTemplate } from './definition';
import { date, excerpt, formatTime, httpUrl, name, timeZone } from './fields';
import { ActionButton, EmailLayout, Lines, styles } from './layout';

const schema = z.object({
  designerName: name,
  clientName: name,
  projectTitle: name,
  projectUrl: httpUrl,
  /** The client's opening message, when the inquiry form had one. */
  message: z.string().optional(),
  receivedAt: date,
  unsubscribeUrl: httpUrl.optional(),
  timeZone,
});

/** Tells a designer a client has opened a new project with them. */
export const newInquiry = defineTemplate({
  schema,
  policy: { purpose: 'new-inquiry', digestible: false },
  subject: ({ clientName, projectTitle }) => `New client inquiry from ${clientName}: ${projectTitle}`,
  body: (props) => (
    <EmailLayout
      preview={`${props.clientName} would like to work with you on ${props.projectTitle}`}
      heading="New client inquiry"
      unsubscribe={
        props.unsubscribeUrl ? { url: props.unsubscribeUrl, label: 'Stop emails about new inquiries' } : undefined
      }
    >
      <Text style={styles.text}>
        Hi {props.designerName}, {props.clientName} sent you a new inquiry: <strong>{props.projectTitle}</strong>.
      </Text>
      <Text style={styles.meta}>Received {formatTime(props.receivedAt, props.timeZone)}</Text>
      {props.message ? (
        <Text style={styles.quote}>
          <Lines text={excerpt(props.message)} />
        </Text>
      ) : null}
      <ActionButton href={props.projectUrl}>View the inquiry</ActionButton>
    </EmailLayout>
  ),
});
