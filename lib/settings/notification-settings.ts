import { z } from 'zod';
import type { ServiceContext } from '../context';
import type { EmailMode } from '../db/generated/enums';
import { describeOptOut } from '../email/describe-outcome';
import { NotFoundError, ValidationError } from '../errors';

export interface NotificationSettings {
  emailMode: EmailMode;
  /** "HH:MM" in timeZone, or null when there are no quiet hours. */
  quietStart: string | null;
  quietEnd: string | null;
  timeZone: string;
  /** Opt-outs in force, one line each ("opted out of all notification emails: spam report (SendGrid) on …"). */
  optOuts: string[];
}

const time = /^([01]\d|2[0-3]):([0-5]\d)$/;
const toMinutes = (value: string) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));
const toTime = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The settings form. Quiet hours may wrap midnight (22:00–07:00) but may not start and end at the same minute. */
export const notificationSettingsInput = z
  .object({
    emailMode: z.enum(['IMMEDIATE', 'DIGEST', 'OFF'], { error: 'Choose how you want to be emailed.' }),
    quietHours: z.preprocess((v) => v === 'on' || v === true || v === 'true', z.boolean()),
    quietStart: z.string().optional(),
    quietEnd: z.string().optional(),
    timeZone: z.string().max(64).refine(isKnownTimeZone, 'Choose a time zone from the list.'),
  })
  .superRefine((value, ctx) => {
    if (!value.quietHours) return;
    if (!value.quietStart || !time.test(value.quietStart))
      ctx.addIssue({ code: 'custom', path: ['quietStart'], message: 'Enter a start time such as 22:00.' });
    if (!value.quietEnd || !time.test(value.quietEnd))
      ctx.addIssue({ code: 'custom', path: ['quietEnd'], message: 'Enter an end time such as 07:00.' });
    if (value.quietStart && value.quietStart === value.quietEnd)
      ctx.addIssue({
        code: 'custom',
        path: ['quietEnd'],
        message: 'Quiet hours must end at a different time than they start.',
      });
  });

export async function getNotificationSettings({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, 'db'>;
  input: { userId: string };
}): Promise<NotificationSettings> {
  const user = await ctx.db.user.findUnique({
    where: { id: input.userId },
    select: {
      emailMode: true,
      quietStartMin: true,
      quietEndMin: true,
      timeZone: true,
      unsubscribedAt: true,
      unsubscribedReason: true,
      emailOptOuts: { select: { purpose: true, reason: true, createdAt: true } },
    },
  });
  if (!user) throw new NotFoundError('User');
  const quiet = user.quietStartMin !== null && user.quietEndMin !== null;
  const optOuts = [
    ...(user.unsubscribedAt
      ? [
          describeOptOut({
            scope: 'all notification emails',
            reason: user.unsubscribedReason,
            since: user.unsubscribedAt,
          }),
        ]
      : []),
    ...user.emailOptOuts.map((o) =>
      describeOptOut({
        scope: o.purpose === 'all-notifications' ? 'all notification emails' : `${o.purpose} emails`,
        reason: o.reason,
        since: o.createdAt,
      }),
    ),
  ];
  return {
    emailMode: user.emailMode,
    quietStart: quiet ? toTime(user.quietStartMin!) : null,
    quietEnd: quiet ? toTime(user.quietEndMin!) : null,
    timeZone: user.timeZone,
    optOuts,
  };
}

/** Saves the form for the signed-in user; everything or nothing. */
export async function updateNotificationSettings({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, 'db' | 'log'>;
  input: { userId: string; form: unknown };
}): Promise<NotificationSettings> {
  const parsed = notificationSettingsInput.safeParse(input.form);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  const { emailMode, quietHours, quietStart, quietEnd, timeZone } = parsed.data;
  await ctx.db.user.update({
    where: { id: input.userId },
    data: {
      emailMode,
      timeZone,
      quietStartMin: quietHours ? toMinutes(quietStart!) : null,
      quietEndMin: quietHours ? toMinutes(quietEnd!) : null,
    },
  });
  ctx.log.info({ userId: input.userId, emailMode, quietHours }, 'notification settings updated');
  return getNotificationSettings({ ctx, input });
}
