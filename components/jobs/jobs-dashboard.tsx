'use client';

import Link from 'next/link';
import { type ReactNode, useState } from 'react';
import { AudioJobRow } from '@/components/audio/audio-job-row';
import type { StrategyLabels } from '@/components/library/strategy-labels';
import { LoadingRows } from '@/components/list-parts';
import { LoadError } from '@/components/load-error';
import { LoadMore } from '@/components/load-more';
import { PageHeader } from '@/components/page-header';
import { ProductionRow } from '@/components/productions/production-row';
import { useClock } from '@/components/use-clock';
import type { CategoryDescription } from '@/lib/strategy';
import { type ActivityFilters, type ActivityItem, itemId } from './activity-api';
import { JobFilterBar } from './job-filter-bar';
import { JobRow } from './job-row';
import { useAllJobs } from './use-all-jobs';

interface JobsDashboardProps {
  labels: StrategyLabels;
  categories: readonly CategoryDescription[];
  /** A job id from `?highlight=`, set by the studio after Generate and by a toast's link. */
  highlightId: string | null;
}

const BUTTON = 'rounded-md border border-ink-700 px-4 py-2 text-sm text-zinc-200 transition hover:border-glow-400 disabled:opacity-50';

function EmptyState({ filtered }: { filtered: boolean }) {
  return (
    <div className="rounded-xl border border-dashed border-ink-700 px-6 py-12 text-center">
      <p className="text-zinc-100">{filtered ? 'No jobs match these filters.' : 'No jobs yet.'}</p>
      <p className="mt-2 text-sm text-ink-300">Plan a shot in the studio and press Generate, voice a script, or make a short.</p>
      <Link href="/studio" className="mt-6 inline-block rounded-md bg-glow-400 px-5 py-2.5 font-medium text-ink-950 hover:bg-glow-500">
        Open the studio
      </Link>
    </div>
  );
}

function ActivityRow({ item, labels, categories, highlightId, now }: { item: ActivityItem; labels: StrategyLabels; categories: readonly CategoryDescription[]; highlightId: string | null; now: number }) {
  if (item.kind === 'video') return <JobRow job={item.job} labels={labels} highlighted={item.job.id === highlightId} now={now} />;
  if (item.kind === 'audio') return <AudioJobRow job={item.job} categories={categories} highlighted={item.job.id === highlightId} now={now} onQueued={() => {}} />;
  return <ProductionRow production={item.production} now={now} labelled />;
}

export function JobsDashboard({ labels, categories, highlightId }: JobsDashboardProps) {
  const [filters, setFilters] = useState<ActivityFilters>({});
  const query = useAllJobs(filters);
  const now = useClock();
  const items = query.data?.pages.flatMap((page) => page.jobs) ?? [];
  const filtered = Boolean(filters.kind?.length || filters.status || filters.provider);

  let list: ReactNode;
  if (query.isPending) {
    list = <LoadingRows />;
  } else if (query.isError && items.length === 0) {
    list = <LoadError message={query.error.message} onRetry={() => void query.refetch()} buttonClassName={BUTTON} />;
  } else if (items.length === 0) {
    list = <EmptyState filtered={filtered} />;
  } else {
    list = (
      <>
        <ul aria-label="Jobs" className="space-y-3">
          {items.map((item) => (
            <li key={itemId(item)} data-kind={item.kind}>
              <ActivityRow item={item} labels={labels} categories={categories} highlightId={highlightId} now={Math.max(now, query.dataUpdatedAt)} />
            </li>
          ))}
        </ul>
        <LoadMore hasMore={Boolean(query.hasNextPage)} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} className={BUTTON} />
      </>
    );
  }

  return (
    <main className="mx-auto max-w-6xl px-5 pb-24">
      <PageHeader eyebrow="Activity" title="Jobs" lead="Every render, audio job and production, from the studio and the API, moving live as it runs." />
      <JobFilterBar value={filters} onChange={setFilters} />
      <section aria-label="Job list" className="mt-6">
        {list}
      </section>
    </main>
  );
}
