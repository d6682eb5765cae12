import { FAULT_KINDS, type FaultKind } from './kinds';

/** mulberry32: a small seeded PRNG (public domain, Tommy Ettinger), so `--seed` replays the same schedule. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface PlannedFault {
  kind: FaultKind;
  /** Healthy time before it is injected. */
  leadMs: number;
  /** Whether steady real-user load (webhooks and RUM beacons) runs while it is on. */
  underLoad: boolean;
}

/**
 * The run's schedule: every kind once in a random order plus extra random kinds up to `count` (full form),
 * or `count` distinct random kinds (short form); each with a random healthy lead-in of 5 s to `leadMaxMs` and a coin
 * toss for steady load, with at least a third of the faults under load. With `only`, exactly those kinds in that
 * order (`count` is then their number).
 */
export function planFaults(seed: number, count: number, leadMaxMs = 20_000, only?: FaultKind[]): PlannedFault[] {
  const random = seededRandom(seed);
  const shuffled = [...FAULT_KINDS];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const kinds = only ? [...only] : shuffled.slice(0, count);
  while (kinds.length < count) kinds.push(FAULT_KINDS[Math.floor(random() * FAULT_KINDS.length)]!);
  const plan = kinds.map((kind) => ({
    kind,
    leadMs: 5000 + Math.round(random() * (leadMaxMs - 5000)),
    underLoad: random() < 0.5,
  }));
  for (let i = 0; plan.filter((p) => p.underLoad).length < Math.ceil(count / 3); i++) plan[i]!.underLoad = true;
  return plan;
}
