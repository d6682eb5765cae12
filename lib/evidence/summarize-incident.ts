import { COMPONENT_LABELS, type MonitorComponent } from '../incidents/components';
import { duration } from '../reports/export/format';
import type { AffectedCounts } from './count-affected';

/** What each component's outage means, in words the vendor's support understands. */
const IMPACT: Record<MonitorComponent, string> = {
  chat_ui: 'the embedded chat did not load or could not send messages for our users',
  webhooks: 'message webhooks from your platform did not reach our endpoint',
  vendor_api: 'your REST API did not answer our requests correctly',
  email: 'transactional emails were not accepted for delivery',
  // Ours: an incident of these parts has no vendor summary at all (summarizeIncident returns null).
  monitor: 'our own monitoring was not running',
  app: 'our own app did not serve its pages or sign-in',
  pipeline: 'our own worker queue fell behind',
  database: 'our own database was unavailable',
};

export interface SummaryInput {
  component: MonitorComponent;
  vendor: string;
  startedAt: Date;
  detectedAt: Date;
  recoveredAt: Date | null;
  faultStartedAt: Date | null;
  failedRunCount: number;
  lastError: string | null;
  affected: AffectedCounts;
  now: Date;
}

const time = (at: Date) => `${at.toISOString().slice(11, 19)} UTC`;
const day = (at: Date) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(at);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A short plain-language account of an incident, to paste into a ticket with the vendor's support. Pure. */
export function summarizeIncident(input: SummaryInput): string {
  const { affected } = input;
  const end = input.recoveredAt ?? input.now;
  const span = input.recoveredAt
    ? `On ${day(input.startedAt)}, from ${time(input.startedAt)} to ${time(input.recoveredAt)}${day(input.recoveredAt) !== day(input.startedAt) ? ` on ${day(input.recoveredAt)}` : ''} (${duration(end.getTime() - input.startedAt.getTime())})`
    : `Since ${day(input.startedAt)} ${time(input.startedAt)} (ongoing, ${duration(end.getTime() - input.startedAt.getTime())} so far)`;
  const sentences = [
    `${span}, ${IMPACT[input.component]} (${COMPONENT_LABELS[input.component]}, vendor: ${input.vendor}).`,
    `Our synthetic monitor first saw the failure at ${time(input.startedAt)} and confirmed it at ${time(input.detectedAt)} after ${plural(input.failedRunCount, 'failed check', 'failed checks')}${input.lastError ? `; the last error was: "${input.lastError.split('\n', 1)[0]!.slice(0, 200)}"` : ''}.`,
  ];
  if (input.faultStartedAt)
    sentences.push(`Our records place the start of the fault at ${time(input.faultStartedAt)}.`);
  const impact = [
    plural(affected.messages, 'real message was', 'real messages were') +
      ` sent in ${plural(affected.conversations, 'conversation', 'conversations')} during the outage`,
  ];
  if (affected.webhooksMissing > 0)
    impact.push(
      `${plural(affected.webhooksMissing, 'webhook', 'webhooks')} never reached us (we recovered the messages later from your message list)`,
    );
  if (affected.emailsDelayed > 0)
    impact.push(`${plural(affected.emailsDelayed, 'notification email was', 'notification emails were')} delayed`);
  sentences.push(`${impact.join('; ')}.`);
  sentences.push(
    'The attached evidence has the timing of every step of each failed check, screenshots, and the console errors and failed network requests seen inside the chat iframe.',
  );
  sentences.push(
    input.recoveredAt
      ? 'Please send us the root cause and what will prevent it from happening again.'
      : 'Please tell us when you expect a fix, and the root cause once known.',
  );
  return sentences.join(' ');
}
