import type { FaultParty, MonitorComponent } from '../db/generated/enums';

export type { FaultParty };

/**
 * Who owns each component, so who is at fault when it fails. The chat vendor's parts and SendGrid are
 * external; our app (its pages, sign-in and protective limits: 429, CSRF, auth), our worker pipeline (the
 * queue and its jobs), our database and the monitor itself are ours by construction. A new component fails
 * to compile until it is given an owner here.
 */
export const PARTY_OF: Record<MonitorComponent, FaultParty> = {
  chat_ui: 'vendor',
  webhooks: 'vendor',
  vendor_api: 'vendor',
  email: 'sendgrid',
  app: 'ours',
  pipeline: 'ours',
  database: 'ours',
  monitor: 'ours',
};

export const PARTY_LABELS: Record<FaultParty, string> = {
  vendor: 'the chat vendor',
  sendgrid: 'SendGrid',
  ours: 'ChatWatch (ours)',
};

export const partyOf = (component: MonitorComponent): FaultParty => PARTY_OF[component];

/** External parties: the only ones whose failures may reach vendor reports, vendor SLA figures and evidence packs. */
export const EXTERNAL_PARTIES = ['vendor', 'sendgrid'] as const satisfies readonly FaultParty[];

export const isExternal = (component: MonitorComponent): boolean => PARTY_OF[component] !== 'ours';

/** Components whose failures are someone else's: the ones vendor-facing figures are made of. */
export const isVendorFacing = isExternal;
