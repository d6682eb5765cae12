const tones = {
  good: 'bg-emerald-100 text-emerald-900',
  warn: 'bg-amber-100 text-amber-900',
  bad: 'bg-red-100 text-red-900',
  neutral: 'bg-slate-100 text-slate-700',
} as const;

export type Tone = keyof typeof tones;

const statusTone: Record<string, Tone> = {
  SENT: 'good',
  DELIVERED: 'good',
  PROCESSED: 'good',
  QUEUED: 'warn',
  SENDING: 'warn',
  UNCONFIRMED: 'warn',
  RECEIVED: 'warn',
  CANCELLED: 'neutral',
  IGNORED: 'neutral',
  BOUNCED: 'bad',
  BLOCKED: 'bad',
  DROPPED: 'bad',
  FAILED: 'bad',
  UNMATCHED: 'bad',
};

/** A status as a coloured pill with its text (colour is never the only signal). */
export function StatusBadge({ status, tone }: { status: string; tone?: Tone }) {
  return (
    <span
      className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${tones[tone ?? statusTone[status] ?? 'neutral']}`}
    >
      {status.toLowerCase()}
    </span>
  );
}
