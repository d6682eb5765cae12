import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const css = `
:root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0; padding: 1.5rem 2rem; line-height: 1.4; }
nav a { margin-right: 1rem; }
h1 { font-size: 1.3rem; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #8884; vertical-align: top; }
th { position: sticky; top: 0; background: Canvas; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .8rem; }
pre { white-space: pre-wrap; word-break: break-word; margin: 0; }
.ok { color: #15803d; } .bad { color: #b91c1c; } .muted { color: #6b7280; }
form.filters { display: flex; gap: .5rem; margin-bottom: 1rem; flex-wrap: wrap; }
`;

/** The admin pages' frame: title, navigation, system fonts only. */
export function layout(title: string, body: Html): Html {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · ChatWatch sandbox</title>
    <style>${raw(css)}</style>
  </head>
  <body>
    <nav><a href="/admin">Admin</a><a href="/admin/deliveries">Deliveries</a><a href="/admin/alerts">Alerts</a><a href="/admin/faults">Faults</a><a href="/mailbox">Mailbox</a></nav>
    <h1>${title}</h1>
    ${body}
  </body>
</html>`;
}

export const when = (d: Date | null | undefined): string => (d ? d.toISOString() : '—');
