import Link from 'next/link';
import { LogoutButton } from '@/components/logout-button';

const LINKS = [
  { href: '/studio', label: 'Studio' },
  { href: '/jobs', label: 'Jobs' },
  { href: '/library', label: 'Library' },
  { href: '/settings', label: 'Settings' },
  { href: '/docs', label: 'API' },
];

export function SiteNav() {
  return (
    <header className="border-b border-ink-800 bg-ink-950/80 backdrop-blur">
      <nav className="mx-auto flex max-w-6xl items-center gap-6 px-5 py-4" aria-label="Main">
        <Link href="/" className="font-[family-name:var(--font-display)] text-xl tracking-tight text-zinc-50">
          Cine<span className="text-glow-400">mood</span>
        </Link>
        <ul className="flex gap-1 text-sm">
          {LINKS.map((link) => (
            <li key={link.href}>
              <Link href={link.href} className="rounded-md px-3 py-1.5 text-ink-300 transition hover:bg-ink-800 hover:text-zinc-50">
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
        <div className="ml-auto">
          <LogoutButton />
        </div>
      </nav>
    </header>
  );
}
