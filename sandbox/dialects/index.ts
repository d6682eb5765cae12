import type { DialectName } from './names';
import { sandboxDialect } from './sandbox';
import { sendbirdDialect } from './sendbird';
import { streamDialect } from './stream';
import { talkjsDialect } from './talkjs';
import { twilioDialect } from './twilio';
import type { Dialect } from './types';

/** Every wire format the sandbox speaks; SANDBOX_DIALECT picks one. A new DialectName fails to compile until added. */
const dialects: Record<DialectName, Dialect> = {
  sandbox: sandboxDialect,
  talkjs: talkjsDialect,
  stream: streamDialect,
  sendbird: sendbirdDialect,
  twilio: twilioDialect,
};

export function getDialect(name: DialectName): Dialect {
  return dialects[name];
}
