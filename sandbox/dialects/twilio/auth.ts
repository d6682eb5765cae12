import type { MiddlewareHandler } from 'hono';
import { errors, jwtVerify } from 'jose';
import { secretsEqual } from '../../chat/auth';
import type { SandboxConfig } from '../../config';
import { SandboxError } from '../../http/errors';
import type { SandboxEnv } from '../../http/env';

/**
 * Twilio's REST authentication (twilio.com/docs/usage/requests-to-twilio › Authentication): HTTP Basic with the
 * Account SID as user name and the Auth Token as password. Anything else: 401, error 20003.
 */
export function twilioAuth(accountSid: string, authToken: string): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const basic = /^Basic\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const [user, ...rest] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
    if (!user || !secretsEqual(user, accountSid) || !secretsEqual(rest.join(':'), authToken))
      throw new SandboxError(401, 'unauthorized', 'Authenticate');
    await next();
  };
}

/**
 * The identity in a browser Access Token (twilio.com/docs/iam/access-tokens › "Anatomy of an Access Token"): an
 * HS256 JWT signed with an API key's secret, `iss` = the API key SID, `sub` = the Account SID, an `exp`, and
 * `grants.identity` with a `grants.chat` grant (Conversations). 403 when anything is off.
 */
export async function accessTokenIdentity(token: string, config: SandboxConfig): Promise<string> {
  const forbidden = (reason: string) => new SandboxError(403, 'forbidden', `invalid access token: ${reason}`);
  if (!token) throw forbidden('missing');
  if (!config.TWILIO_API_KEY_SID || !config.TWILIO_API_KEY_SECRET) throw forbidden('no API key is configured');
  let payload;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(config.TWILIO_API_KEY_SECRET), {
      algorithms: ['HS256'],
      issuer: config.TWILIO_API_KEY_SID,
      subject: config.VENDOR_APP_ID,
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    if (error instanceof errors.JOSEError) throw forbidden(error.message);
    throw error;
  }
  const grants = payload.grants as { identity?: unknown; chat?: unknown } | undefined;
  if (typeof grants?.identity !== 'string' || grants.identity === '') throw forbidden('no grants.identity');
  if (!grants.chat) throw forbidden('no chat grant');
  return grants.identity;
}
