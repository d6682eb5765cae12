import { describe, expect, it } from 'vitest';
import { summarizeIncident } from './summarize-incident';

const t = (iso: string) => new Date(`${iso}Z`);
const affected = {
  conversations: 4,
  messages: 12,
  webhooksMissing: 3,
  emailsDelayed: 2,
  windowFrom: t('2026-03-01T14:00'),
  windowTo: t('2026-03-01T14:19'),
};

describe('summarizeIncident', () => {
  it('tells the vendor what broke, when, how it was seen and whom it touched', () => {
    const text = summarizeIncident({
      component: 'chat_ui',
      vendor: 'sandbox',
      startedAt: t('2026-03-01T14:02'),
      detectedAt: t('2026-03-01T14:03:10'),
      recoveredAt: t('2026-03-01T14:19'),
      faultStartedAt: t('2026-03-01T14:01:50'),
      failedRunCount: 2,
      lastError: 'The chat iframe did not load\nstack…',
      affected,
      now: t('2026-03-01T15:00'),
    });
    expect(text).toContain(
      'On 1 March 2026, from 14:02:00 UTC to 14:19:00 UTC (17 min), the embedded chat did not load',
    );
    expect(text).toContain(
      'confirmed it at 14:03:10 UTC after 2 failed checks; the last error was: "The chat iframe did not load"',
    );
    expect(text).toContain('start of the fault at 14:01:50 UTC');
    expect(text).toContain(
      '12 real messages were sent in 4 conversations during the outage; 3 webhooks never reached us',
    );
    expect(text).toContain('2 notification emails were delayed');
    expect(text).not.toContain('stack');
  });

  it('says an open incident is ongoing and asks for a fix date', () => {
    const text = summarizeIncident({
      component: 'webhooks',
      vendor: 'talkjs',
      startedAt: t('2026-03-01T23:50'),
      detectedAt: t('2026-03-01T23:52'),
      recoveredAt: null,
      faultStartedAt: null,
      failedRunCount: 1,
      lastError: null,
      affected: { ...affected, messages: 1, conversations: 1, webhooksMissing: 0, emailsDelayed: 0 },
      now: t('2026-03-02T00:20'),
    });
    expect(text).toContain('Since 1 March 2026 23:50:00 UTC (ongoing, 30 min so far)');
    expect(text).toContain('1 real message was sent in 1 conversation during the outage.');
    expect(text).toContain('when you expect a fix');
  });
});
