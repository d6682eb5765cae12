import Link from 'next/link';
import type { ReactNode } from 'react';
import { getSessionUser } from '@/lib/auth/session';
import { hasRole, REPORT_ROLES, STAFF_ROLES } from '@/lib/auth/roles';
import { SignOutButton } from '../_components/sign-out-button';

/** The signed-in shell: navigation by role. Each page still checks its own access on the server. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  const links: { href: string; label: string }[] = [];
  // Staff see every project (read-only), members their own.
  if (user) links.push({ href: '/projects', label: 'Projects' });
  if (user && hasRole(user.role, STAFF_ROLES))
    links.push({ href: '/status', label: 'Status' }, { href: '/support', label: 'Support' });
  if (user && hasRole(user.role, REPORT_ROLES)) links.push({ href: '/reports', label: 'Reports' });
  if (user?.role === 'ADMIN') links.push({ href: '/admin/users', label: 'Admin' });
  if (user) links.push({ href: '/settings/notifications', label: 'Notifications' });
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        {/* Wraps instead of overflowing: at phone width the links take a second row (fits 360 px). */}
        <nav
          aria-label="Main"
          className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6"
        >
          <Link href="/" className="font-semibold tracking-tight">
            ChatWatch
          </Link>
          <ul className="order-last flex w-full flex-wrap gap-x-4 gap-y-1 text-sm sm:order-none sm:w-auto">
            {links.map((link) => (
              <li key={link.href}>
                <Link href={link.href} className="rounded px-1 text-slate-700 hover:text-indigo-700">
                  {link.label}
                </Link>
              </li>
            ))}
          </ul>
          {user && (
            <div className="ml-auto flex min-w-0 items-center gap-3 text-sm text-slate-600">
              <span data-testid="current-user" className="truncate">
                {user.name}
              </span>
              <SignOutButton />
            </div>
          )}
        </nav>
      </header>
      {children}
    </div>
  );
}
