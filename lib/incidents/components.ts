import type { MonitorComponent } from '../db/generated/enums';
import { isExternal } from './blame';

export type { MonitorComponent };

/** Every component the monitor watches, in the order the status page lists them: the external parts first, then ours. */
export const COMPONENTS = [
  'chat_ui',
  'webhooks',
  'email',
  'vendor_api',
  'app',
  'pipeline',
  'database',
  'monitor',
] as const satisfies readonly MonitorComponent[];

/** The components whose failures are someone else's (chat vendor, SendGrid): the only ones in vendor-facing figures. */
export const EXTERNAL_COMPONENTS = [
  'chat_ui',
  'webhooks',
  'email',
  'vendor_api',
] as const satisfies readonly MonitorComponent[];
export type ExternalComponent = (typeof EXTERNAL_COMPONENTS)[number];

/** Our own components: their incidents page engineers and show on /status, never in vendor figures. */
export const OUR_COMPONENTS = COMPONENTS.filter((c) => !isExternal(c));

export const COMPONENT_LABELS: Record<MonitorComponent, string> = {
  chat_ui: 'Chat UI',
  webhooks: 'Webhooks',
  email: 'Email',
  vendor_api: 'Vendor API',
  app: 'App (pages and sign-in)',
  pipeline: 'Message pipeline',
  database: 'Database',
  monitor: 'Monitor',
};

export function isComponent(value: string): value is MonitorComponent {
  return (COMPONENTS as readonly string[]).includes(value);
}
