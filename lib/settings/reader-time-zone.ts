import type { ServiceContext } from '../context';
import { safeTimeZone } from '../time/zoned';

/**
 * The zone a signed-in reader sees times in: their own setting (Settings › Notifications), or UTC when it is
 * unset or names a zone that no longer exists. Every page that shows a time formats it in this zone.
 */
export async function getReaderTimeZone({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, 'db'>;
  input: { userId: string };
}): Promise<string> {
  const user = await ctx.db.user.findUnique({ where: { id: input.userId }, select: { timeZone: true } });
  return safeTimeZone(user?.timeZone);
}
