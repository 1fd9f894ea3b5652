import Link from 'next/link';
import { LogoutButton } from '@/components/logout-button';

const LINKS = [
  { href: '/studio', label: 'Studio' },
  { href: '/audio', label: 'Audio' },
  { href: '/jobs', label: 'Jobs' },
  { href: '/library', label: 'Library' },
  { href: '/settings', label: 'Settings' },
  { href: '/docs', label: 'API' },
];

export function SiteNav() {
  return (
    <header className="border-b border-ink-800 bg-ink-950/80 backdrop-blur">
      <nav className="mx-auto flex max-w-6xl items-center gap-3 px-4 py-3 sm:gap-6 sm:px-5 sm:py-4" aria-label="Main">
        <Link href="/" className="font-[family-name:var(--font-display)] text-xl tracking-tight text-zinc-50">
          Cine<span className="text-glow-400">mood</span>
        </Link>
        <ul className="flex min-w-0 flex-1 gap-0.5 overflow-x-auto text-sm sm:gap-1">
          {LINKS.map((link) => (
            <li key={link.href}>
              <Link href={link.href} className="block whitespace-nowrap rounded-md px-2 py-1.5 text-ink-300 transition hover:bg-ink-800 hover:text-zinc-50 sm:px-3">
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
        <div className="shrink-0">
          <LogoutButton />
        </div>
      </nav>
    </header>
  );
}
