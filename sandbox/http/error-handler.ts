import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { embedCsp, noticePage } from '../chat/embed-page';
import type { SandboxEnv } from './env';
import { SandboxError } from './errors';
import type { Dialect } from '../dialects/types';

type Shape = 'sendgrid' | 'embed-page' | 'vendor-rest' | 'sandbox';

/** Each area answers errors the way the service it imitates does. */
function shapeFor(path: string, dialect: Pick<Dialect, 'isRestPath'>): Shape {
  // The dialect first: Sendbird's Platform API also lives under /v3 (users, group_channels), beside SendGrid's /v3/mail.
  if (dialect.isRestPath(path)) return 'vendor-rest';
  if (path.startsWith('/v3/')) return 'sendgrid';
  if (/^\/embed\/(?!api\/|assets\/)[^/]+$/.test(path)) return 'embed-page';
  return 'sandbox';
}

function render(
  c: Context<SandboxEnv>,
  error: SandboxError,
  appOrigin: string,
  dialect: Pick<Dialect, 'isRestPath' | 'errorBody'>,
) {
  const status = error.status as ContentfulStatusCode;
  switch (shapeFor(c.req.path, dialect)) {
    case 'sendgrid':
      return c.json({ errors: [{ message: error.message, field: error.field, help: null }] }, status);
    case 'embed-page':
      c.header('Content-Security-Policy', embedCsp(appOrigin));
      c.header('Cache-Control', 'no-store');
      return c.html(noticePage(error.status, error.message), status);
    case 'vendor-rest':
      return c.json(dialect.errorBody(error) as object, status);
    case 'sandbox':
      return c.json({ error: { code: error.code, message: error.message } }, status);
  }
}

/** The one place errors become HTTP; an unknown error's message never reaches the client. */
export function errorHandler(
  appOrigin: string,
  dialect: Pick<Dialect, 'isRestPath' | 'errorBody'>,
): ErrorHandler<SandboxEnv> {
  return (error, c) => {
    let known: SandboxError;
    if (error instanceof SandboxError) known = error;
    else if (error instanceof HTTPException && error.status < 500)
      known = new SandboxError(400, 'validation_error', error.message || 'Bad request');
    else {
      c.get('log').error({ err: error, path: c.req.path }, 'unhandled error');
      known = new SandboxError(500, 'internal', 'Internal error');
    }
    // 5xx answers are logged by the access log (http/middleware.ts) with their request id.
    if (known.status === 403) c.get('log').info({ path: c.req.path, reason: known.message }, 'forbidden');
    return render(c, known, appOrigin, dialect);
  };
}
