'use client';
import { inferAdditionalFields } from 'better-auth/client/plugins';
import { createAuthClient } from 'better-auth/react';

/** Browser-side auth calls go through /api/auth so better-auth's rate limits apply. */
export const authClient = createAuthClient({
  // The user fields sign-up accepts besides name, email and password (checked again on the server).
  plugins: [
    inferAdditionalFields({
      user: { role: { type: 'string', required: false }, speciality: { type: 'string', required: false } },
    }),
  ],
});
