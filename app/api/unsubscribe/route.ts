import { applyUnsubscribe, InvalidUnsubscribeTokenError, readUnsubscribeToken } from '@/lib/email/apply-unsubscribe';
import { confirmPage, donePage, invalidPage } from '@/lib/email/unsubscribe-page';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

const token = (request: Request) => new URL(request.url).searchParams.get('token');

const orInvalidPage = (error: unknown): Response => {
  if (error instanceof InvalidUnsubscribeTokenError) return invalidPage();
  throw error;
};

/** The link in the email footer: a confirmation page. */
export const GET = route('unsubscribe', async (request) => {
  try {
    const claim = readUnsubscribeToken(token(request));
    const url = new URL(request.url);
    return confirmPage(claim.purpose, `${url.pathname}${url.search}`);
  } catch (error) {
    return orInvalidPage(error);
  }
});

/** RFC 8058 one-click (List-Unsubscribe-Post from the mail client) and the confirmation form both land here. */
export const POST = route('unsubscribe', async (request, ctx) => {
  try {
    const claim = await applyUnsubscribe(ctx.db, token(request));
    ctx.log.info({ userId: claim.userId, purpose: claim.purpose }, 'unsubscribed');
    return donePage(claim.purpose);
  } catch (error) {
    return orInvalidPage(error);
  }
});
