import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'ChatWatch', template: '%s · ChatWatch' },
  description: 'Marketplace messaging, kept honest.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: the Content-Security-Policy (proxy.ts) carries a fresh nonce that Next.js
  // must put on its scripts, which a page prerendered at build time could not have.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
