import { pagerduty } from './pagerduty';
import { slack } from './slack';
import type { Sink, SinkName } from './types';
import { webhook } from './webhook';

/** Every sink, by name; the type makes a new SinkName fail to compile until it is here. */
export const SINKS: Record<SinkName, Sink> = { slack, pagerduty, webhook };
