export { channelFactories, configuredChannels, type ChannelDeps } from './channels';
export { AlertSendError } from './errors';
export { buildAlertMessage, headline, plainText } from './message';
export { reminderSequence, sendIncidentAlert, type AlertResult, type SendAlertOptions } from './send-incident-alert';
export type * from './types';
