/** SendGrid v3 mail/send validation: the checks SendGrid makes that a client is likely to trip over. */

export interface MailError {
  message: string;
  field: string | null;
  help: string | null;
}

export interface Address {
  email: string;
  name?: string;
}

export interface Personalization {
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string | null;
  headers: Record<string, string>;
  customArgs: Record<string, string>;
  dynamicTemplateData: unknown;
}

export interface ValidMail {
  personalizations: Personalization[];
  from: Address;
  replyTo: Address | null;
  subject: string | null;
  content: { type: string; value: string }[];
  headers: Record<string, string>;
  customArgs: Record<string, string>;
  categories: string[];
  templateId: string | null;
  sandboxMode: boolean;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/;
const MAX_RECIPIENTS = 1000;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const typeName = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;

export function validateMail(body: unknown): { ok: true; mail: ValidMail } | { ok: false; errors: MailError[] } {
  const errors: MailError[] = [];
  const fail = (field: string | null, message: string) => errors.push({ message, field, help: null });

  if (!isObject(body)) {
    fail(null, 'The request body must be a JSON object.');
    return { ok: false, errors };
  }

  const address = (value: unknown, field: string, required: boolean): Address | null => {
    if (value === undefined && !required) return null;
    if (!isObject(value) || typeof value.email !== 'string') {
      fail(`${field}.email`, 'The email parameter is required and must be a string.');
      return null;
    }
    if (!EMAIL.test(value.email)) fail(`${field}.email`, 'Does not contain a valid address.');
    if (value.name !== undefined && typeof value.name !== 'string')
      fail(`${field}.name`, `Invalid type. Expected: string, given: ${typeName(value.name)}.`);
    return typeof value.name === 'string' ? { email: value.email, name: value.name } : { email: value.email };
  };
  const addresses = (value: unknown, field: string): Address[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      fail(field, `Invalid type. Expected: array, given: ${typeName(value)}.`);
      return [];
    }
    return value.map((v, i) => address(v, `${field}.${i}`, true)).filter((a): a is Address => a !== null);
  };
  const strings = (value: unknown, field: string): Record<string, string> => {
    if (value === undefined) return {};
    if (!isObject(value)) {
      fail(field, `Invalid type. Expected: object, given: ${typeName(value)}.`);
      return {};
    }
    for (const [k, v] of Object.entries(value))
      if (typeof v !== 'string') fail(`${field}.${k}`, `Invalid type. Expected: string, given: ${typeName(v)}.`);
    return value as Record<string, string>;
  };

  const templateId = typeof body.template_id === 'string' && body.template_id !== '' ? body.template_id : null;
  const personalizations: Personalization[] = [];
  if (!Array.isArray(body.personalizations) || body.personalizations.length === 0) {
    fail('personalizations', 'The personalizations field is required and must have at least one personalization.');
  } else {
    body.personalizations.forEach((p: unknown, i) => {
      const field = `personalizations.${i}`;
      if (!isObject(p)) return fail(field, 'Each personalization must be an object.');
      const to = addresses(p.to, `${field}.to`);
      if (!Array.isArray(p.to) || p.to.length === 0) {
        fail(
          `${field}.to`,
          'The to array is required for all personalization objects, and must have at least one email object with a valid email address.',
        );
      }
      if (p.subject !== undefined && typeof p.subject !== 'string')
        fail(`${field}.subject`, `Invalid type. Expected: string, given: ${typeName(p.subject)}.`);
      personalizations.push({
        to,
        cc: addresses(p.cc, `${field}.cc`),
        bcc: addresses(p.bcc, `${field}.bcc`),
        subject: typeof p.subject === 'string' ? p.subject : null,
        headers: strings(p.headers, `${field}.headers`),
        customArgs: strings(p.custom_args, `${field}.custom_args`),
        dynamicTemplateData: p.dynamic_template_data ?? null,
      });
    });
    const recipients = personalizations.reduce((n, p) => n + p.to.length + p.cc.length + p.bcc.length, 0);
    if (recipients > MAX_RECIPIENTS)
      fail('personalizations', `The total number of recipients must be no more than ${MAX_RECIPIENTS}.`);
  }

  if (!isObject(body.from)) {
    fail(
      'from.email',
      'The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.',
    );
  }
  const from = isObject(body.from) ? address(body.from, 'from', true) : null;
  const replyTo = address(body.reply_to, 'reply_to', false);

  const subject = typeof body.subject === 'string' ? body.subject : null;
  if (body.subject !== undefined && typeof body.subject !== 'string')
    fail('subject', `Invalid type. Expected: string, given: ${typeName(body.subject)}.`);
  else if (!templateId && !subject && !(personalizations.length > 0 && personalizations.every((p) => p.subject))) {
    fail(
      'subject',
      'The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.',
    );
  }

  const content: { type: string; value: string }[] = [];
  if (body.content === undefined || (Array.isArray(body.content) && body.content.length === 0)) {
    if (!templateId) {
      fail(
        'content',
        'Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block.',
      );
    }
  } else if (!Array.isArray(body.content)) {
    fail('content', `Invalid type. Expected: array, given: ${typeName(body.content)}.`);
  } else {
    body.content.forEach((c: unknown, i) => {
      if (!isObject(c) || typeof c.type !== 'string' || c.type === '')
        return fail(`content.${i}.type`, 'The content type must be a string at least one character in length.');
      if (typeof c.value !== 'string' || c.value === '')
        return fail(`content.${i}.value`, 'The content value must be a string at least one character in length.');
      content.push({ type: c.type, value: c.value });
    });
    const plain = content.findIndex((c) => c.type === 'text/plain');
    if (plain > 0)
      fail(
        `content.${plain}.type`,
        'If present, text/plain content must be first, followed by text/html content, followed by any other content.',
      );
  }

  const headers = strings(body.headers, 'headers');
  const customArgs = strings(body.custom_args, 'custom_args');
  let categories: string[] = [];
  if (body.categories !== undefined) {
    if (
      !Array.isArray(body.categories) ||
      body.categories.length > 10 ||
      body.categories.some((c) => typeof c !== 'string' || c.length > 255)
    ) {
      fail(
        'categories',
        'The categories parameter must be an array of at most 10 strings, each at most 255 characters.',
      );
    } else categories = body.categories as string[];
  }

  const settings = isObject(body.mail_settings) ? body.mail_settings : {};
  const sandboxMode = isObject(settings.sandbox_mode) && settings.sandbox_mode.enable === true;

  if (errors.length > 0 || !from) return { ok: false, errors };
  return {
    ok: true,
    mail: {
      personalizations,
      from,
      replyTo,
      subject,
      content,
      headers,
      customArgs,
      categories,
      templateId,
      sandboxMode,
    },
  };
}
