import { receiveSendgridWebhook } from '@/lib/email/events/receive-sendgrid-webhook';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** SendGrid's signed Event Webhook: delivery, bounce and drop events update each email's status and trace. */
export const POST = route('sendgrid-webhook', async (request, { log }) =>
  Response.json(await receiveSendgridWebhook(request, { log })),
);
