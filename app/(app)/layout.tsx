import type { ReactNode } from 'react';
import { LiveEvents } from '@/components/live/live-events';
import { SiteNav } from '@/components/site-nav';
import { requirePageSession } from '@/lib/auth/page-session';

export const dynamic = 'force-dynamic';

/** Every page in this group is for the logged-in creator only. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  await requirePageSession();
  return (
    <>
      <SiteNav />
      {children}
      <LiveEvents />
    </>
  );
}
