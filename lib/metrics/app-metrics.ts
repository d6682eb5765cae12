import { Counter, Gauge, Histogram } from 'prom-client';
import { metric } from './registry';

// Every metric the web app exports, declared once with fixed, low-cardinality labels and base units.
// Documented in README § Metrics.

export const chatEmbedLoads = () =>
  metric('chat_embed_loads_total', (registry) => new Counter({ name: 'chat_embed_loads_total', help: 'Chat iframe load attempts reported by real users, by result.', labelNames: ['result'] as const, registers: [registry] }));

export const chatEmbedLoadSeconds = () =>
  metric('chat_embed_load_seconds', (registry) => new Histogram({ name: 'chat_embed_load_seconds', help: 'Time from page load to the vendor chat:ready message, as real users saw it.', buckets: [0.25, 0.5, 1, 2, 4, 8, 15], registers: [registry] }));

export const vendorWebhooksReceived = () =>
  metric('vendor_webhooks_received_total', (registry) => new Counter({ name: 'vendor_webhooks_received_total', help: 'Vendor webhook requests by event type and result (accepted, duplicate, bad_signature, bad_request, too_large, unavailable).', labelNames: ['type', 'result'] as const, registers: [registry] }));

export const vendorWebhookLagSeconds = () =>
  metric('vendor_webhook_lag_seconds', (registry) => new Histogram({ name: 'vendor_webhook_lag_seconds', help: 'Delay from the vendor event time to our receipt.', buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800], registers: [registry] }));

export const webhookIngestSeconds = () =>
  metric('webhook_ingest_duration_seconds', (registry) => new Histogram({ name: 'webhook_ingest_duration_seconds', help: 'Time to verify, store and acknowledge a vendor webhook.', buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers: [registry] }));

export const jobsPending = () =>
  metric('jobs_pending', (registry) => new Gauge({ name: 'jobs_pending', help: 'Jobs waiting in the graphile-worker queue.', registers: [registry] }));
