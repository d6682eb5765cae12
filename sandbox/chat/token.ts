import { errors, jwtVerify } from 'jose';
import { SandboxError } from '../http/errors';

const MAX_LIFETIME_SECONDS = 24 * 3600;

/**
 * Verifies an identity token: HS256 with the API secret, our app id as iss, a sub (or, with `userClaim`, that claim
 * and no iss) and an exp that is
 * in the future but at most 24 h ahead, and any dialect-specific `claims` (TalkJS: tokenType "user"). Returns the user id; 403 with the reason otherwise.
 */
export async function verifyIdentityToken(
  token: string,
  opts: { secret: string; appId: string; claims?: Readonly<Record<string, string>>; userClaim?: 'user_id' },
): Promise<string> {
  const forbidden = (reason: string) => new SandboxError(403, 'forbidden', reason);
  if (!token) throw forbidden('missing token');
  let payload;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(opts.secret), {
      algorithms: ['HS256'],
      // Stream's user tokens carry only user_id (and exp): no issuer.
      ...(opts.userClaim ? {} : { issuer: opts.appId }),
      requiredClaims: [opts.userClaim ?? 'sub', 'exp'],
    }));
  } catch (error) {
    if (error instanceof errors.JOSEError) throw forbidden(`invalid token: ${error.message}`);
    throw error;
  }
  if (payload.exp! > Math.floor(Date.now() / 1000) + MAX_LIFETIME_SECONDS)
    throw forbidden('invalid token: exp is more than 24 h ahead');
  const user = payload[opts.userClaim ?? 'sub'];
  if (typeof user !== 'string' || user === '')
    throw forbidden(`invalid token: ${opts.userClaim ?? 'sub'} must be a user id`);
  for (const [claim, value] of Object.entries(opts.claims ?? {}))
    if (payload[claim] !== value) throw forbidden(`invalid token: ${claim} must be "${value}"`);
  return user;
}
