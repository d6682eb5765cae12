import type { FaultParty, MonitorComponent } from '../../lib/db/generated/enums';
import type { CheckName } from '../../monitor/checks/types';

/** Every fault bench:truth injects: the chat vendor's and SendGrid's through the sandbox, ours by the bench itself. */
export type FaultKind =
  | 'ui-down'
  | 'ui-broken'
  | 'webhooks-drop'
  | 'webhooks-delay'
  | 'api-down'
  | 'mail-5xx'
  | 'worker-stopped'
  | 'worker-backlog'
  | 'database-paused'
  | 'sign-in-limiter'
  | 'browser-missing';

export interface KindTruth {
  /** Who is at fault: an incident of another party opened in the fault's window is a mis-blame. */
  party: FaultParty;
  /** The component whose incident counts as detecting the fault; without one the fault is missed. */
  component: MonitorComponent;
  /**
   * Other components of the same party whose incident is also right (a true consequence, named here with its
   * reason); any other component is a mis-blame.
   */
  alsoRight: readonly MonitorComponent[];
  /** Where the ground truth comes from: the sandbox's fault log, or the bench's own log of what it did to us. */
  source: 'sandbox' | 'bench';
  /** A vendor fault is held until two counted runs of this check have ended after its injection (./hold.ts). */
  aimedAt?: CheckName;
  what: string;
}

/** The ground truth of each kind (docs/benchmarks.md § Ground truth explains each line). */
export const KINDS: Record<FaultKind, KindTruth> = {
  'ui-down': {
    party: 'vendor',
    component: 'chat_ui',
    alsoRight: [],
    source: 'sandbox',
    aimedAt: 'chat-journey',
    what: 'the vendor embed answers 503',
  },
  'ui-broken': {
    party: 'vendor',
    component: 'chat_ui',
    alsoRight: [],
    source: 'sandbox',
    aimedAt: 'chat-journey',
    what: 'the vendor embed loads, its script throws',
  },
  'webhooks-drop': {
    party: 'vendor',
    component: 'webhooks',
    alsoRight: [],
    source: 'sandbox',
    aimedAt: 'chat-journey',
    what: 'the vendor never delivers webhooks',
  },
  'webhooks-delay': {
    party: 'vendor',
    component: 'webhooks',
    alsoRight: [],
    source: 'sandbox',
    aimedAt: 'chat-journey',
    what: 'the vendor delivers webhooks 30 s late',
  },
  'api-down': {
    party: 'vendor',
    component: 'vendor_api',
    alsoRight: [],
    source: 'sandbox',
    aimedAt: 'vendor-api',
    what: 'the vendor REST API answers 503',
  },
  'mail-5xx': {
    party: 'sendgrid',
    component: 'email',
    alsoRight: [],
    source: 'sandbox',
    aimedAt: 'chat-journey',
    what: 'SendGrid mail/send answers 500',
  },
  'worker-stopped': {
    party: 'ours',
    component: 'pipeline',
    alsoRight: [],
    source: 'bench',
    what: 'our worker process is stopped (SIGSTOP)',
  },
  // Our worker and database, busy with the backlog, share the 2 cores with the web app, whose pages can then time
  // out for the journey or the sign-in check: ours, and true.
  'worker-backlog': {
    party: 'ours',
    component: 'pipeline',
    alsoRight: ['app'],
    source: 'bench',
    what: 'the vendor redelivers a backlog of its own (prepared beforehand) into our intake until our queue holds a backlog (oldest due job ≥ 35 s)',
  },
  // Our app answers 503 while its database is away, and the worker's jobs wait: both are ours and true.
  'database-paused': {
    party: 'ours',
    component: 'database',
    alsoRight: ['app', 'pipeline'],
    source: 'bench',
    what: 'our database paused 20 s (connections frozen, new ones refused)',
  },
  'sign-in-limiter': {
    party: 'ours',
    component: 'app',
    alsoRight: [],
    source: 'bench',
    what: "failed sign-ins lock the monitor's address in our limiter",
  },
  'browser-missing': {
    party: 'ours',
    component: 'monitor',
    alsoRight: [],
    source: 'bench',
    what: "the monitor's Chromium is gone (binary removed, process ended)",
  },
};

export const FAULT_KINDS = Object.keys(KINDS) as FaultKind[];
