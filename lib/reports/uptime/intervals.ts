/** A half-open time span [start, end) in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

/** Sorted, non-empty, non-overlapping: overlapping or touching spans are merged. */
export function normalize(list: readonly Interval[]): Interval[] {
  const sorted = list.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ start: interval.start, end: interval.end });
  }
  return merged;
}

/** The parts of `list` inside [from, to). */
export function clip(list: readonly Interval[], from: number, to: number): Interval[] {
  return normalize(list.map((i) => ({ start: Math.max(i.start, from), end: Math.min(i.end, to) })));
}

/** The parts of `list` that no interval of `minus` covers. */
export function subtract(list: readonly Interval[], minus: readonly Interval[]): Interval[] {
  const holes = normalize(minus);
  const result: Interval[] = [];
  for (const interval of normalize(list)) {
    let cursor = interval.start;
    for (const hole of holes) {
      if (hole.end <= cursor || hole.start >= interval.end) continue;
      if (hole.start > cursor) result.push({ start: cursor, end: hole.start });
      cursor = Math.max(cursor, hole.end);
      if (cursor >= interval.end) break;
    }
    if (cursor < interval.end) result.push({ start: cursor, end: interval.end });
  }
  return result;
}

/** The parts covered by both (a linear merge of the two sorted lists). */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const left = normalize(a);
  const right = normalize(b);
  const result: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const start = Math.max(left[i]!.start, right[j]!.start);
    const end = Math.min(left[i]!.end, right[j]!.end);
    if (end > start) result.push({ start, end });
    if (left[i]!.end < right[j]!.end) i++;
    else j++;
  }
  return result;
}

/** Total length in milliseconds (overlaps counted once). */
export function measure(list: readonly Interval[]): number {
  return normalize(list).reduce((sum, i) => sum + (i.end - i.start), 0);
}
