import type { MonitorComponent } from '../db/generated/enums';

export type { MonitorComponent };

/** Every component the monitor watches, in the order the status page lists them. */
export const COMPONENTS = ['chat_ui', 'webhooks', 'email', 'vendor_api', 'monitor'] as const satisfies readonly MonitorComponent[];

export const COMPONENT_LABELS: Record<MonitorComponent, string> = {
  chat_ui: 'Chat UI',
  webhooks: 'Webhooks',
  email: 'Email',
  vendor_api: 'Vendor API',
  monitor: 'Monitor',
};

export function isComponent(value: string): value is MonitorComponent {
  return (COMPONENTS as readonly string[]).includes(value);
}
