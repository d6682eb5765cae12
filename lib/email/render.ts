import { render, toPlainText } from '@react-email/render';
import type { z } from 'zod';
import { templates, type EmailTemplateDefinition, type TemplateName } from './templates';
import { AppError } from '../errors';

/** What callers pass: the schema's input, so dates may be ISO strings straight from a job payload. */
export type TemplateProps<N extends TemplateName> = z.input<(typeof templates)[N]['schema']>;

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** The props do not fit the template's schema: a bug in the caller, never worth retrying. */
export class EmailTemplateError extends AppError {
  override readonly name = 'EmailTemplateError';
  readonly code = 'EMAIL_TEMPLATE';
}

/** Validates props, then renders subject, HTML and a plain-text alternative (spam filters and some readers want both). */
export async function renderEmail<N extends TemplateName>(name: N, props: TemplateProps<N>): Promise<RenderedEmail> {
  const template: EmailTemplateDefinition = templates[name];
  const parsed = template.schema.safeParse(props);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EmailTemplateError(`${name}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`, {
      cause: parsed.error,
    });
  }
  const html = await render(template.body(parsed.data));
  // One line, bounded: a subject comes from user-chosen titles and must not smuggle in header breaks.
  const subject = template.subject(parsed.data).replace(/\s+/g, ' ').trim().slice(0, 200);
  return { subject, html, text: toPlainText(html) };
}
