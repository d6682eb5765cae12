import { z } from 'zod';
import { COMPONENTS } from './components';

export const component = z.enum(COMPONENTS);
const errorText = z.string().trim().min(1).max(2000);

export const openIncidentInput = z.object({
  component,
  /** The check whose failures opened it. */
  openedBy: z.string().min(1).max(100),
  /** Start of the first failed run of the streak. */
  startedAt: z.date(),
  detectedAt: z.date(),
  error: errorText,
  /** The failed attempts of the streak (retries included): linked as evidence. */
  runIds: z.array(z.uuid()).max(1000),
  /** How many counted runs failed. */
  failedRuns: z.number().int().min(1),
});

export const recordIncidentFailureInput = z.object({
  incidentId: z.uuid(),
  runIds: z.array(z.uuid()).min(1).max(10),
  error: errorText,
});

export const resolveIncidentInput = z.object({
  incidentId: z.uuid(),
  /** Start of the first passing run of the streak that resolved it. */
  recoveredAt: z.date(),
  resolvedAt: z.date(),
  summary: z.string().trim().min(1).max(500).optional(),
});

export const addIncidentUpdateInput = z.object({
  incidentId: z.uuid(),
  kind: z.enum(['UPDATE', 'NOTE']),
  message: z.string().trim().min(1, 'Write an update.').max(5000, 'Use at most 5000 characters.'),
  authorId: z.string().min(1).max(100).optional(),
});

export const maintenanceWindowInput = z
  .object({
    /** Null or absent: every component. */
    component: component.nullish(),
    startsAt: z.coerce.date(),
    endsAt: z.coerce.date(),
    reason: z.string().trim().min(1, 'Say why.').max(500),
    createdBy: z.string().min(1).max(100).optional(),
  })
  .refine((w) => w.endsAt > w.startsAt, { message: 'The window must end after it starts.', path: ['endsAt'] })
  .refine((w) => w.endsAt.getTime() - w.startsAt.getTime() <= 7 * 86_400_000, {
    message: 'A window lasts at most 7 days.',
    path: ['endsAt'],
  });
