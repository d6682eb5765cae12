import Link from 'next/link';

const TABS = [
  { href: '/admin/users', label: 'Users and roles' },
  { href: '/admin/maintenance', label: 'Maintenance windows' },
  { href: '/admin/tokens', label: 'API tokens' },
] as const;

/** The admin screens' tabs; `current` is the page's own path. */
export function AdminNav({ current }: { current: (typeof TABS)[number]['href'] }) {
  return (
    <nav aria-label="Admin" className="mt-2 flex flex-wrap gap-2 text-sm">
      {TABS.map((t) => (
        <Link
          key={t.href}
          href={t.href}
          aria-current={t.href === current ? 'page' : undefined}
          className={`rounded-md px-3 py-1.5 ${t.href === current ? 'bg-indigo-600 text-white' : 'bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50'}`}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
