'use client';

import { useStreamLive } from './live-status';

/** The event stream's state in the nav: updates arrive live, or the pages poll until it is back. */
export function LiveBadge() {
  const live = useStreamLive();
  return (
    <span
      data-testid="live-status"
      data-live={live}
      title={live ? 'Connected: jobs and media update as they change' : 'Reconnecting: pages refresh every few seconds meanwhile'}
      className="hidden items-center gap-1.5 text-xs text-ink-300 sm:inline-flex"
    >
      <span aria-hidden className={`h-1.5 w-1.5 rounded-full ${live ? 'bg-emerald-400' : 'animate-pulse bg-amber-400'}`} />
      {live ? 'Live' : 'Reconnecting'}
    </span>
  );
}
