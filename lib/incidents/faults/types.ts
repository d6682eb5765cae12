import type { MonitorComponent } from '../components';

/** Fault sources we can read ground truth from. A new name fails to compile until ./index.ts registers it. */
export type FaultSourceName = 'sandbox';

/** A fault as its source recorded it: injected in the sandbox, or an outage the vendor declared. */
export interface GroundTruthFault {
  source: FaultSourceName;
  externalId: string;
  mode: string;
  /** Components this kind of fault can break; an incident matches a fault only on one of these. */
  components: MonitorComponent[];
  startedAt: Date;
  endedAt: Date | null;
  probability: number | null;
}

export interface FaultSource {
  readonly name: FaultSourceName;
  /** Faults active at some point since `since`, newest first. */
  list(since: Date): Promise<GroundTruthFault[]>;
}
