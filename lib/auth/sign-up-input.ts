import { z } from 'zod';

/** Roles a person may choose at sign-up. Staff roles come only from `npm run user:create` and the seed. */
export const SIGN_UP_ROLES = ['CLIENT', 'DESIGNER'] as const;
export type SignUpRole = (typeof SIGN_UP_ROLES)[number];

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

export const signUpRole = z.enum(SIGN_UP_ROLES, { error: 'Choose whether you are a client or a designer.' });

/** The sign-up form, checked on the server before better-auth sees it (and in the browser, for quick feedback). */
export const signUpInput = z
  .object({
    name: z.string().trim().min(1, 'Enter your name.').max(100, 'Use at most 100 characters.'),
    email: z.email('Enter a valid email address.').max(254, 'Use at most 254 characters.'),
    password: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
      .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`),
    role: signUpRole,
    speciality: z.string().trim().max(80, 'Use at most 80 characters.').optional(),
  })
  .superRefine((value, ctx) => {
    if (value.role === 'DESIGNER' && !value.speciality) {
      ctx.addIssue({
        code: 'custom',
        path: ['speciality'],
        message: 'Tell clients what you design, e.g. “Brand identity”.',
      });
    }
  });

export type SignUpInput = z.infer<typeof signUpInput>;
