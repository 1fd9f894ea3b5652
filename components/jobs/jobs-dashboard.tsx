'use client';

import { LoadMore } from '@/components/load-more';
import { PageHeader } from '@/components/page-header';
import Link from 'next/link';
import { useState, type ReactNode } from 'react';
import type { JobFilters } from '@/components/media-api';
import type { StrategyLabels } from '@/components/library/strategy-labels';
import { JobFilterBar } from './job-filter-bar';
import { JobRow } from './job-row';
import { useVideoJobs } from './use-video-jobs';
import { useClock } from '@/components/use-clock';
import { LoadError } from '@/components/load-error';
import { LoadingRows } from '@/components/list-parts';

interface JobsDashboardProps {
  labels: StrategyLabels;
  /** A job id from `?highlight=`, set by the studio after Generate. */
  highlightId: string | null;
}

const BUTTON = 'rounded-md border border-ink-700 px-4 py-2 text-sm text-zinc-200 transition hover:border-glow-400 disabled:opacity-50';


function EmptyState({ filtered }: { filtered: boolean }) {
  return (
    <div className="rounded-xl border border-dashed border-ink-700 px-6 py-12 text-center">
      <p className="text-zinc-100">{filtered ? 'No jobs match these filters.' : 'No jobs yet.'}</p>
      <p className="mt-2 text-sm text-ink-300">Plan a shot in the studio and press Generate to start a render.</p>
      <Link href="/studio" className="mt-6 inline-block rounded-md bg-glow-400 px-5 py-2.5 font-medium text-ink-950 hover:bg-glow-500">
        Open the studio
      </Link>
    </div>
  );
}

export function JobsDashboard({ labels, highlightId }: JobsDashboardProps) {
  const [filters, setFilters] = useState<JobFilters>({});
  const query = useVideoJobs(filters);
  const now = useClock();
  const jobs = query.data?.pages.flatMap((page) => page.jobs) ?? [];
  const filtered = filters.status !== undefined || filters.provider !== undefined;

  let list: ReactNode;
  if (query.isPending) {
    list = <LoadingRows />;
  } else if (query.isError && jobs.length === 0) {
    list = <LoadError message={query.error.message} onRetry={() => void query.refetch()} buttonClassName={BUTTON} />;
  } else if (jobs.length === 0) {
    list = <EmptyState filtered={filtered} />;
  } else {
    list = (
      <>
        <ul aria-label="Video jobs" className="space-y-3">
          {jobs.map((job) => (
            <li key={job.id}>
              <JobRow job={job} labels={labels} highlighted={job.id === highlightId} now={Math.max(now, query.dataUpdatedAt)} />
            </li>
          ))}
        </ul>
        <LoadMore hasMore={Boolean(query.hasNextPage)} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} className={BUTTON} />
      </>
    );
  }

  return (
    <main className="mx-auto max-w-6xl px-5 pb-24">
      <PageHeader eyebrow="Renders" title="Jobs" lead="Every render from the studio and the API, updating live while it runs." />

      <JobFilterBar value={filters} onChange={setFilters} />
      <section aria-label="Job list" className="mt-6">
        {list}
      </section>
    </main>
  );
}
