import { z } from 'zod';
import { COMPONENTS } from '../incidents/components';
import { parseDay } from '../reports/time';

// The read-only JSON API: query and response schemas. Routes validate with them; openapi.ts describes them.

const component = z.enum(COMPONENTS).describe('Monitored component.');
const isoTime = z.iso.datetime({ offset: true }).describe('ISO-8601 time, e.g. 2026-03-01T14:02:00Z.');
const day = z
  .string()
  .refine((v) => parseDay(v) !== null, 'Use a date like 2026-03-01.')
  .describe('UTC day, YYYY-MM-DD.');
const cursor = z.string().max(200).describe('Opaque: the nextCursor of the previous page.');
const limit = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback).describe(`Items per page (1–${max}, default ${fallback}).`);

export const incidentsQuery = z.object({
  status: z.enum(['open', 'resolved']).optional().describe('Only open or only resolved incidents.'),
  component: component.optional(),
  from: isoTime.optional().describe('Incidents that started at or after this time.'),
  to: isoTime.optional().describe('Incidents that started before this time.'),
  limit: limit(100, 50),
  cursor: cursor.optional(),
});

export const incident = z.object({
  id: z.uuid(),
  component,
  title: z.string(),
  status: z.enum(['open', 'resolved']),
  startedAt: isoTime.describe('First failed check run: when the outage was first seen.'),
  detectedAt: isoTime.describe('When the incident opened.'),
  recoveredAt: isoTime.nullable().describe('First run of the passing streak: when the outage ended.'),
  resolvedAt: isoTime.nullable(),
  failedRunCount: z.int(),
  missingWebhooks: z.int(),
  url: z.url().describe('The incident page with its evidence.'),
});

export const uptimeQuery = z.object({
  from: day,
  to: day.describe('Last UTC day, inclusive (at most 366 days after from).'),
  component: component.optional(),
  limit: limit(366, 31).describe('Days per page (1–366, default 31).'),
  cursor: cursor.optional(),
});

const uptimeFigures = {
  uptimePercent: z.number().nullable().describe('null when the monitor recorded no data.'),
  downtimeSeconds: z.number(),
  maintenanceSeconds: z.number(),
  incidentsStarted: z.int(),
  checks: z.int().describe('Counted check runs that observed the component.'),
  failedChecks: z.int(),
};

export const uptimeDay = z.object({ day, component, ...uptimeFigures });
export const uptimeSummary = z.object({
  component,
  ...uptimeFigures,
  mttdSeconds: z.number().nullable(),
  mttrSeconds: z.number().nullable(),
  slaMet: z.boolean().nullable(),
});

export const checkRunsQuery = z.object({
  check: z
    .string()
    .regex(/^[a-z0-9-]{1,50}$/)
    .optional()
    .describe('Check name: chat-journey, vendor-api, reconciliation.'),
  status: z.enum(['passed', 'failed', 'running']).optional(),
  component: component.optional().describe('Runs that observed this component.'),
  from: isoTime.optional(),
  to: isoTime.optional(),
  limit: limit(200, 50),
  cursor: cursor.optional(),
});

export const checkRun = z.object({
  id: z.uuid(),
  check: z.string(),
  trigger: z.enum(['scheduled', 'confirmation', 'manual']),
  attempt: z.int(),
  counted: z.boolean().describe('The attempt whose result counted towards incidents.'),
  status: z.enum(['running', 'passed', 'failed']),
  startedAt: isoTime,
  finishedAt: isoTime.nullable(),
  durationMs: z.int().nullable(),
  timedOut: z.boolean(),
  components: z.array(component),
  failedComponent: component.nullable(),
  failedStep: z.string().nullable(),
  error: z.string().nullable(),
  incidentId: z.uuid().nullable(),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page.'),
  });

export const uptimePage = page(uptimeDay).extend({
  slaTargetPercent: z.number(),
  summary: z.array(uptimeSummary).describe('Figures over the whole requested range, whatever the page.'),
});

export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fieldErrors: z.record(z.string(), z.array(z.string())).optional(),
  }),
  requestId: z.string(),
});
