import { zonedDateTime } from '@/lib/time/zoned';

/** "created … · last used … · revoked …" of an API token, in the reader's zone (one line for both token lists). */
export function TokenDates({
  token,
  timeZone,
}: {
  token: { createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };
  timeZone: string;
}) {
  const at = (time: Date) => zonedDateTime(time, timeZone);
  return (
    <span className="block text-xs text-slate-500" data-testid="token-dates">
      created {at(token.createdAt)} · {token.lastUsedAt ? `last used ${at(token.lastUsedAt)}` : 'never used'}
      {token.revokedAt ? ` · revoked ${at(token.revokedAt)}` : ''}
    </span>
  );
}
