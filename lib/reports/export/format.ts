// Number formatting shared by the CSV, the report page and the PDF, so the three always agree.

/** 0..1 → "99.9306" (four decimals: 0.0001 % of 90 days is under 8 seconds). */
export function percent(value: number | null, decimals = 4): string {
  return value === null ? '' : (value * 100).toFixed(decimals);
}

export function minutes(ms: number | null): string {
  return ms === null ? '' : (ms / 60_000).toFixed(2);
}

export function seconds(ms: number | null): string {
  return ms === null ? '' : (ms / 1000).toFixed(1);
}

/** "1 h 05 min", "12 min", "45 s" for people. */
export function duration(ms: number | null): string {
  if (ms === null) return '—';
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const totalMinutes = Math.round(ms / 60_000);
  if (totalMinutes < 60) return `${totalMinutes} min`;
  const hours = Math.floor(totalMinutes / 60);
  return `${hours} h ${String(totalMinutes % 60).padStart(2, '0')} min`;
}

/** "99.93 %" for people, "—" without data. */
export function percentLabel(value: number | null, decimals = 2): string {
  return value === null ? '—' : `${(value * 100).toFixed(decimals)} %`;
}

export function msLabel(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
