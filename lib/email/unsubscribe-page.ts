import type { UnsubscribePurpose } from './unsubscribe';

const label: Record<UnsubscribePurpose, string> = {
  'unread-messages': 'emails about unread messages',
  'new-inquiry': 'emails about new client inquiries',
  'all-notifications': 'all notification emails',
};

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string, status: number): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escape(title)} · ChatWatch</title>
<style>body{font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;background:#f8fafc;color:#0f172a;margin:0;padding:48px 16px}main{max-width:28rem;margin:0 auto;background:#fff;border:1px solid #e2e8f0;border-radius:12px;padding:24px}h1{font-size:1.25rem;margin:0 0 12px}button{background:#4338ca;color:#fff;border:0;border-radius:6px;padding:10px 16px;font-size:1rem;cursor:pointer}button:focus-visible{outline:3px solid #a5b4fc;outline-offset:2px}p{line-height:1.5}</style></head>
<body><main>${body}</main></body></html>`;
  return new Response(html, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    },
  });
}

/** GET: asks for confirmation — mail scanners follow links, so a GET never unsubscribes by itself. */
export function confirmPage(purpose: UnsubscribePurpose, actionUrl: string): Response {
  return page(
    'Unsubscribe',
    `<h1>Unsubscribe</h1><p>Stop receiving ${label[purpose]} from ChatWatch?</p><form method="post" action="${escape(actionUrl)}"><button type="submit" data-testid="unsubscribe-confirm">Unsubscribe</button></form><p>You can change this later in your notification settings.</p>`,
    200,
  );
}

export function donePage(purpose: UnsubscribePurpose): Response {
  return page(
    'Unsubscribed',
    `<h1 data-testid="unsubscribe-done">You are unsubscribed</h1><p>You will no longer receive ${label[purpose]}. Your notification settings can turn them back on.</p>`,
    200,
  );
}

export function invalidPage(): Response {
  return page(
    'Link not valid',
    '<h1>This link is not valid</h1><p>It may have been cut short. Open it again from the email, or change your notification settings after signing in.</p>',
    400,
  );
}
