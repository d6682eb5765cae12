import type { MonitorComponent } from '@/lib/incidents/components';

/** One colour per component in every chart (distinguishable in greyscale print by lightness). */
export const COMPONENT_COLORS: Record<MonitorComponent, string> = {
  chat_ui: '#4f46e5',
  webhooks: '#0891b2',
  vendor_api: '#d97706',
  email: '#db2777',
  monitor: '#64748b',
  app: '#16a34a',
  pipeline: '#7c3aed',
  database: '#92400e',
};

export const OVERALL_COLOR = '#0f172a';
