export { EmailSendError } from './errors';
export { EmailTemplateError, renderEmail, type RenderedEmail, type TemplateProps } from './render';
export { templates, type TemplateName } from './templates';
export { createEmailTransport, getEmailTransport, sendEmail, sendWithRetry, type EmailTransport, type SendEmailInput, type SendEmailResult } from './transport';
export * from './unsubscribe';
