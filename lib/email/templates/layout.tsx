import { Body, Button, Container, Head, Hr, Html, Link, Preview, Section, Text } from '@react-email/components';
import { Fragment, type CSSProperties, type ReactNode } from 'react';

// System fonts only: web fonts are blocked or slow in many mail clients and add tracking requests.
const fontFamily = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export const styles = {
  body: { backgroundColor: '#f4f4f5', fontFamily, margin: 0, padding: '24px 0' },
  container: {
    backgroundColor: '#ffffff',
    borderRadius: 8,
    maxWidth: 560,
    margin: '0 auto',
    padding: '32px 32px 24px',
  },
  heading: { fontSize: 20, fontWeight: 600, color: '#18181b', margin: '0 0 16px' },
  text: { fontSize: 15, lineHeight: '24px', color: '#27272a', margin: '0 0 12px' },
  meta: { fontSize: 13, lineHeight: '20px', color: '#71717a', margin: '0 0 4px' },
  quote: {
    fontSize: 15,
    lineHeight: '24px',
    color: '#27272a',
    whiteSpace: 'pre-wrap',
    borderLeft: '3px solid #d4d4d8',
    paddingLeft: 12,
    margin: '0 0 16px',
  },
  button: {
    backgroundColor: '#18181b',
    borderRadius: 6,
    color: '#ffffff',
    fontSize: 15,
    fontWeight: 600,
    padding: '12px 20px',
    textDecoration: 'none',
  },
  footer: { fontSize: 12, lineHeight: '18px', color: '#a1a1aa', margin: 0 },
} satisfies Record<string, CSSProperties>;

export function EmailLayout(props: {
  preview: string;
  heading: string;
  children: ReactNode;
  unsubscribe?: { url: string; label: string };
}) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.heading}>{props.heading}</Text>
          {props.children}
          <Hr style={{ borderColor: '#e4e4e7', margin: '24px 0 12px' }} />
          <Text style={styles.footer}>
            Sent by ChatWatch.
            {props.unsubscribe ? (
              <>
                {' '}
                <Link href={props.unsubscribe.url} style={{ color: '#a1a1aa', textDecoration: 'underline' }}>
                  {props.unsubscribe.label}
                </Link>
              </>
            ) : null}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export function ActionButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Section style={{ margin: '20px 0 4px' }}>
      <Button href={href} style={styles.button}>
        {children}
      </Button>
    </Section>
  );
}

/** Chat text with its line breaks as <br/>: pre-wrap keeps them in HTML, but the plain-text part needs real breaks. */
export function Lines({ text }: { text: string }) {
  return (
    <>
      {text.split(/\r?\n/).map((line, index) => (
        <Fragment key={index}>
          {index > 0 ? <br /> : null}
          {line}
        </Fragment>
      ))}
    </>
  );
}
