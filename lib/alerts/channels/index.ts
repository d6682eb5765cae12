import type { AlertChannel, ChannelName } from '../types';
import { email } from './email';
import { pagerduty } from './pagerduty';
import { slack } from './slack';
import type { ChannelDeps, ChannelFactory } from './types';
import { webhook } from './webhook';

export type { ChannelDeps, ChannelFactory };

/** Every alert channel, by name. A new ChannelName fails to compile until it is added here. */
export const channelFactories: Record<ChannelName, ChannelFactory> = { email, slack, pagerduty, webhook };

/** The channels the configuration turns on. */
export function configuredChannels(deps: ChannelDeps): AlertChannel[] {
  return Object.values(channelFactories)
    .map((factory) => factory(deps))
    .filter((channel): channel is AlertChannel => channel !== null);
}
