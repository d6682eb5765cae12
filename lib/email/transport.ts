import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import { z } from 'zod';
import { getConfig } from '../config';
import { logger } from '../logger';
import { parseRetryAfter, withRetry, type RetryOptions } from '../retry';
import { EmailSendError } from './errors';

const log = logger.child({ component: 'email-transport' });

const address = z.email();
const sendEmailInput = z.object({
  to: z.union([address, z.object({ email: address, name: z.string().optional() })]),
  /** Defaults to EMAIL_FROM. */
  from: z.string().min(3).optional(),
  replyTo: address.optional(),
  subject: z.string().trim().min(1),
  html: z.string().min(1),
  text: z.string().min(1),
  /** Extra MIME headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (see unsubscribeHeaders). */
  headers: z.record(z.string(), z.string()).optional(),
  /** Echoed back on SendGrid's event webhook: carry our email id here to match events to rows. */
  customArgs: z.record(z.string(), z.string()).optional(),
  /** SendGrid allows at most 10, each up to 255 characters. */
  categories: z.array(z.string().min(1).max(255)).max(10).optional(),
  /** SendGrid validates the request and answers, but delivers nothing. */
  sandboxMode: z.boolean().optional(),
});

/** SendGrid's own helper checks almost nothing locally; checking here turns a bug into a clear, non-retryable error without a request. */
export type SendEmailInput = z.input<typeof sendEmailInput>;

export interface SendEmailResult {
  /** SendGrid's X-Message-Id; its event webhook reports sg_message_id values that start with it. */
  providerMessageId: string | null;
  statusCode: number;
}

export interface EmailTransportSettings {
  apiKey: string;
  /** SendGrid's API origin (our sandbox locally). */
  apiUrl: string;
  from: string;
  timeoutMs?: number;
}

export interface EmailTransport {
  send(input: SendEmailInput): Promise<SendEmailResult>;
  /** `send` with backoff on retryable failures only (refused with 429/5xx, or not connected); honours Retry-After and X-RateLimit-Reset. Never retries an unknown outcome. */
  sendWithRetry(input: SendEmailInput, options: RetryOptions): Promise<SendEmailResult>;
}

/** A transport on the real @sendgrid/mail client, pointed at `apiUrl`. */
export function createEmailTransport(settings: EmailTransportSettings): EmailTransport {
  const client = new Client();
  client.setApiKey(settings.apiKey);
  // After setApiKey: it resets baseUrl to SendGrid's regional host.
  client.setDefaultRequest('baseUrl', settings.apiUrl);
  const mail = new MailService();
  mail.setClient(client);
  mail.setTimeout(settings.timeoutMs ?? 15_000);

  async function send(unchecked: SendEmailInput): Promise<SendEmailResult> {
    const checked = sendEmailInput.safeParse(unchecked);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new EmailSendError(`invalid input: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`, null, false, {
        cause: checked.error,
      });
    }
    const input = checked.data;
    try {
      const [response] = await mail.send({
        to: input.to,
        from: input.from ?? settings.from,
        replyTo: input.replyTo,
        subject: input.subject,
        html: input.html,
        text: input.text,
        headers: input.headers,
        customArgs: input.customArgs,
        categories: input.categories,
        mailSettings: input.sandboxMode ? { sandboxMode: { enable: true } } : undefined,
      });
      const messageId = response.headers['x-message-id'];
      return { providerMessageId: typeof messageId === 'string' ? messageId : null, statusCode: response.statusCode };
    } catch (error) {
      const failure = classify(error);
      // customArgs carry our email id, never content; the API key is never in an error.
      log.warn(
        {
          statusCode: failure.statusCode,
          outcome: failure.outcome,
          retryable: failure.retryable,
          reason: failure.reason,
          customArgs: input.customArgs,
        },
        'email send failed',
      );
      throw failure;
    }
  }

  return {
    send,
    sendWithRetry: (input, options) =>
      withRetry(() => send(input), {
        ...options,
        onRetry: (info) => {
          log.info(
            { attempt: info.attempt, delayMs: info.delayMs, customArgs: input.customArgs },
            'retrying email send',
          );
          options.onRetry?.(info);
        },
      }),
  };
}

interface SendGridErrorShape {
  code?: unknown;
  message?: string;
  isAxiosError?: boolean;
  response?: { headers?: Record<string, string>; body?: { errors?: { message?: string; field?: string | null }[] } };
}

/**
 * Errors raised while connecting, before any byte of the request left this host: the request provably did not
 * reach SendGrid, so sending again cannot make a duplicate. A timeout or a reset is NOT here: the request may
 * have been received and acted on (Node.js `net`/`dns` error codes; axios passes them through as `code`).
 */
const CONNECT_ERRORS = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'ERR_INVALID_URL',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/**
 * How long SendGrid asks us to wait: Retry-After when present (RFC 9110 §10.2.3), else X-RateLimit-Reset, the
 * Unix time in seconds at which the rate-limit window resets — what SendGrid's 429 actually carries (docs: "API
 * reference" › Rate limits: X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset). Null when neither reads.
 */
export function sendgridRetryAfterMs(
  headers: Record<string, string | string[] | undefined> | undefined,
  now = Date.now(),
): number | null {
  const retryAfter = parseRetryAfter(headers?.['retry-after'], now);
  if (retryAfter !== null) return retryAfter;
  const reset = headers?.['x-ratelimit-reset'];
  const raw = (Array.isArray(reset) ? reset[0] : reset)?.trim();
  if (!raw || !/^\d{1,12}$/.test(raw)) return null;
  return Math.max(0, Number(raw) * 1000 - now);
}

/**
 * ResponseError (SendGrid answered ≥ 400), an axios error without a response (connect error, timeout, reset), or
 * our own bad input, each with what it tells us about acceptance (EmailSendError.outcome).
 * The cause is a plain Error with the message only: axios errors carry `config.headers.Authorization` (the API key)
 * enumerably, and anything that serializes the cause itself (logging err.cause, an error reporter) would print it.
 */
function classify(error: unknown): EmailSendError {
  const e = (error ?? {}) as SendGridErrorShape;
  const cause = new Error(e.message ?? String(error));
  if (typeof e.code === 'number' && e.response) {
    const status = e.code;
    const messages = (e.response.body?.errors ?? [])
      .map((item) => (item.field ? `${item.message} (${item.field})` : item.message))
      .filter(Boolean);
    const retryable = status === 429 || status >= 500;
    return new EmailSendError(messages.join('; ') || `HTTP ${status}`, status, retryable, {
      cause,
      outcome: 'refused',
      retryAfterMs: retryable ? sendgridRetryAfterMs(e.response.headers) : null,
    });
  }
  if (e.isAxiosError) {
    const code = String(e.code ?? e.message);
    if (CONNECT_ERRORS.has(code))
      return new EmailSendError(`network: ${code} (not connected; nothing was sent)`, null, true, {
        cause,
        outcome: 'not-sent',
      });
    return new EmailSendError(`no answer: ${code} (the request may have reached SendGrid)`, null, false, {
      cause,
      outcome: 'unknown',
    });
  }
  return new EmailSendError(e.message ?? String(error), null, false, { cause, outcome: 'not-sent' });
}

let cached: EmailTransport | undefined;

/** The process's transport, configured from SENDGRID_API_KEY, SENDGRID_API_URL and EMAIL_FROM. */
export function getEmailTransport(): EmailTransport {
  if (!cached) {
    const config = getConfig();
    cached = createEmailTransport({
      apiKey: config.SENDGRID_API_KEY,
      apiUrl: config.SENDGRID_API_URL,
      from: config.EMAIL_FROM,
    });
  }
  return cached;
}
