import { Link, Text } from '@react-email/components';
import { z } from 'zod';
import { defineTemplate } from './definition';
import { httpUrl, name } from './fields';
import { ActionButton, EmailLayout, styles } from './layout';

const schema = z.object({
  recipientName: name.optional(),
  resetUrl: httpUrl,
  expiresInMinutes: z.number().int().positive(),
});

/** Transactional: no unsubscribe link, because people must be able to recover their account. */
export const passwordReset = defineTemplate({
  schema,
  policy: { purpose: null, digestible: false },
  subject: () => 'Reset your ChatWatch password',
  body: (props) => (
    <EmailLayout preview="Reset your ChatWatch password" heading="Reset your password">
      <Text style={styles.text}>
        {`${props.recipientName ? `Hi ${props.recipientName}, s` : 'S'}omeone asked to reset the password for your ChatWatch account. ` +
          `If it was you, choose a new password with the button below. The link works for ${props.expiresInMinutes} minutes and only once.`}
      </Text>
      <ActionButton href={props.resetUrl}>Choose a new password</ActionButton>
      <Text style={styles.meta}>
        Or paste this link into your browser: <Link href={props.resetUrl}>{props.resetUrl}</Link>
      </Text>
      <Text style={styles.meta}>If you did not ask for this, ignore this email: your password stays as it is.</Text>
    </EmailLayout>
  ),
});
