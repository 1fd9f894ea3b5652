import Link from 'next/link';
import { LiveBadge } from '@/components/live/live-badge';
import { LogoutButton } from '@/components/logout-button';

const LINKS = [
  { href: '/studio', label: 'Studio' },
  { href: '/productions', label: 'Productions' },
  { href: '/audio', label: 'Audio' },
  { href: '/jobs', label: 'Jobs' },
  { href: '/library', label: 'Library' },
  { href: '/settings', label: 'Settings' },
  { href: '/docs', label: 'API' },
];

export function SiteNav() {
  return (
    <header className="border-b border-ink-800 bg-ink-950/80 backdrop-blur">
      <nav className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3 sm:flex-nowrap sm:gap-6 sm:px-5 sm:py-4" aria-label="Main">
        <Link href="/" className="mr-auto font-[family-name:var(--font-display)] text-xl tracking-tight text-zinc-50 sm:mr-0">
          Cine<span className="text-glow-400">mood</span>
        </Link>
        {/* On a phone the links take rows of their own under the logo, wrapping rather than being cut off. */}
        <ul className="order-last -mx-1.5 flex w-full min-w-0 flex-wrap gap-y-0.5 text-sm sm:order-none sm:mx-0 sm:w-auto sm:flex-1 sm:flex-nowrap sm:gap-1 sm:overflow-x-auto">
          {LINKS.map((link) => (
            <li key={link.href}>
              <Link href={link.href} className="block whitespace-nowrap rounded-md px-1.5 py-1.5 text-ink-300 transition hover:bg-ink-800 hover:text-zinc-50 sm:px-3">
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
        <div className="flex shrink-0 items-center gap-4">
          <LiveBadge />
          <LogoutButton />
        </div>
      </nav>
    </header>
  );
}
