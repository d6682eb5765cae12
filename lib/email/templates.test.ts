import { describe, expect, it } from 'vitest';
import { EmailTemplateError, renderEmail } from './render';

const projectUrl = 'https://app.chatwatch.test/projects/p1';
const unsubscribeUrl = 'https://app.chatwatch.test/api/unsubscribe?token=abc.def';

describe('email templates', () => {
  it('unread-messages lists every message with sender and time, links the project and unsubscribe', async () => {
    const email = await renderEmail('unread-messages', {
      recipientName: 'Dana',
      projectTitle: 'Loft kitchen',
      projectUrl,
      unsubscribeUrl,
      messages: [
        { senderName: 'Chris', text: 'Can we move the island?', sentAt: '2025-03-04T09:15:00Z' },
        { senderName: 'Chris', text: 'Also: oak or walnut?', sentAt: new Date('2025-03-04T09:20:00Z') },
      ],
    });
    expect(email.subject).toBe('2 unread messages about Loft kitchen');
    for (const fact of [
      'Dana',
      'Loft kitchen',
      'Chris',
      'Can we move the island?',
      'oak or walnut',
      '4 Mar 2025, 09:15 UTC',
      projectUrl,
    ])
      expect(email.html).toContain(fact);
    expect(email.html).toContain(unsubscribeUrl.replace('&', '&amp;'));
    expect(email.text).toContain('Can we move the island?');
    expect(email.text).toContain(unsubscribeUrl);
  });

  it('unread-messages with one message names the sender in the subject and shows times in the recipient zone', async () => {
    const email = await renderEmail('unread-messages', {
      recipientName: 'Dana',
      projectTitle: 'Loft kitchen',
      projectUrl,
      unsubscribeUrl,
      timeZone: 'Europe/Berlin',
      messages: [{ senderName: 'Chris', text: 'Hi', sentAt: '2025-03-04T09:15:00Z' }],
    });
    expect(email.subject).toBe('New message from Chris about Loft kitchen');
    expect(email.html).toContain('4 Mar 2025, 10:15 (Europe/Berlin)');
  });

  it('new-inquiry tells the designer who asked about what', async () => {
    const email = await renderEmail('new-inquiry', {
      designerName: 'Robin',
      clientName: 'Sam',
      projectTitle: 'Garden studio',
      projectUrl,
      message: 'We need plans by May.',
      receivedAt: '2025-03-01T12:00:00Z',
    });
    expect(email.subject).toBe('New client inquiry from Sam: Garden studio');
    for (const fact of ['New client inquiry', 'Robin', 'Sam', 'Garden studio', 'We need plans by May.', projectUrl])
      expect(email.html).toContain(fact);
    expect(email.text.length).toBeGreaterThan(0);
  });

  it('fallback-message carries the full text, sender and link', async () => {
    const text = 'Line one\nLine two '.repeat(60);
    const email = await renderEmail('fallback-message', {
      recipientName: 'Dana',
      senderName: 'Chris',
      projectTitle: 'Loft kitchen',
      text,
      sentAt: '2025-03-04T09:15:00Z',
      projectUrl,
    });
    expect(email.subject).toBe('Chris sent you a message about Loft kitchen');
    expect(email.html).toContain('while our chat was unavailable');
    expect(email.text).toContain('Line one\nLine two Line one\nLine two');
    expect(email.html).toContain(projectUrl);
  });

  it('password-reset links the reset URL and has no unsubscribe link', async () => {
    const resetUrl = 'https://app.chatwatch.test/reset?token=xyz';
    const email = await renderEmail('password-reset', { recipientName: 'Dana', resetUrl, expiresInMinutes: 30 });
    expect(email.subject).toBe('Reset your ChatWatch password');
    expect(email.html).toContain(resetUrl);
    expect(email.html).toContain('30 minutes');
    expect(email.text).toContain(resetUrl);
    expect(email.html.toLowerCase()).not.toContain('unsubscribe');
  });

  it.each([
    ['opened', '[INCIDENT] chat-embed: Chat iframe fails to load'],
    ['reminder', '[STILL OPEN] chat-embed: Chat iframe fails to load'],
    ['resolved', '[RESOLVED] chat-embed: Chat iframe fails to load'],
  ] as const)('incident-alert (%s) states component, state and summary', async (state, subject) => {
    const email = await renderEmail('incident-alert', {
      component: 'chat-embed',
      state,
      summary: 'Chat iframe fails to load',
      url: 'https://grafana.chatwatch.test/d/chat',
      startedAt: '2025-03-04T09:00:00Z',
      resolvedAt: state === 'resolved' ? '2025-03-04T10:30:00Z' : undefined,
    });
    expect(email.subject).toBe(subject);
    for (const fact of ['chat-embed', 'Chat iframe fails to load', 'https://grafana.chatwatch.test/d/chat'])
      expect(email.html).toContain(fact);
    if (state === 'resolved') expect(email.html).toContain('1 h 30 min');
    expect(email.text).toContain('Chat iframe fails to load');
  });

  it('escapes user content and uses system fonts only', async () => {
    const email = await renderEmail('fallback-message', {
      recipientName: 'Dana',
      senderName: 'Eve',
      projectTitle: 'P',
      text: '<script>alert(1)</script>',
      sentAt: new Date(),
      projectUrl,
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.html).toContain('-apple-system');
    expect(email.html).not.toMatch(/fonts\.googleapis|@font-face/);
  });

  it('keeps subjects on one line', async () => {
    const email = await renderEmail('new-inquiry', {
      designerName: 'R',
      clientName: 'Sam\r\nBcc: x@evil.test',
      projectTitle: 'T',
      projectUrl,
      receivedAt: new Date(),
    });
    // The break folds into one space: the whole subject is still there, on one line, the header injection inert.
    expect(email.subject).toBe('New client inquiry from Sam Bcc: x@evil.test: T');
    const long = await renderEmail('new-inquiry', {
      designerName: 'R',
      clientName: 'Sam',
      projectTitle: `  ${'Loft\t'.repeat(38)}`,
      projectUrl,
      receivedAt: new Date(),
    });
    expect(long.subject).toBe(`New client inquiry from Sam: ${'Loft '.repeat(38)}`.trim().slice(0, 200));
    expect(long.subject).toHaveLength(200);
  });

  it('rejects props that do not fit the schema, naming the field', async () => {
    const bad = {
      recipientName: 'D',
      projectTitle: 'P',
      projectUrl: 'javascript:alert(1)',
      unsubscribeUrl,
      messages: [{ senderName: 'C', text: 'x', sentAt: new Date() }],
    };
    await expect(renderEmail('unread-messages', bad)).rejects.toThrow(/projectUrl/);
    await expect(renderEmail('unread-messages', { ...bad, projectUrl, messages: [] })).rejects.toBeInstanceOf(
      EmailTemplateError,
    );
  });
});
