/** Alert sinks the sandbox imitates. Adding one fails to compile until sinks/index.ts registers it. */
export type SinkName = 'slack' | 'pagerduty' | 'webhook';

export interface SinkReply {
  status: 200 | 202 | 400;
  /** A string is sent as text/plain (Slack answers "ok"), anything else as JSON. */
  body: unknown;
  /** Stored (and listed at /admin/alerts) only when the sink accepted the alert. */
  accepted: boolean;
}

/** One sink: where it listens (under /sinks) and how it answers a parsed body. */
export interface Sink {
  name: SinkName;
  /** Hono path under /sinks with at most one parameter, which becomes the alert's target. */
  path: string;
  targetParam: string | null;
  handle(body: unknown): SinkReply;
}
