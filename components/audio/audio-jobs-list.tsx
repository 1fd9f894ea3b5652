'use client';

import type { ReactNode } from 'react';
import type { CategoryDescription } from '@/lib/strategy';
import { LoadMore } from '@/components/load-more';
import type { AudioJobView } from '@/components/media-api';
import { AudioJobRow } from './audio-job-row';
import { useAudioJobs } from './use-audio-jobs';
import { useClock } from '@/components/use-clock';
import { LoadError } from '@/components/load-error';
import { LoadingRows } from '@/components/list-parts';

const BUTTON = 'rounded-md border border-ink-700 px-4 py-2 text-sm text-zinc-200 transition hover:border-glow-400 disabled:opacity-50';

interface AudioJobsListProps {
  categories: readonly CategoryDescription[];
  highlightId: string | null;
  onQueued: (job: AudioJobView) => void;
}

/** Every speech, music, stem and transcription job, newest first, updating live while any runs. */
export function AudioJobsList({ categories, highlightId, onQueued }: AudioJobsListProps) {
  const query = useAudioJobs();
  const now = useClock();
  const jobs = query.data?.pages.flatMap((page) => page.jobs) ?? [];

  let list: ReactNode;
  if (query.isPending) {
    list = <LoadingRows height="h-28" />;
  } else if (query.isError && jobs.length === 0) {
    list = <LoadError message={query.error.message} onRetry={() => void query.refetch()} buttonClassName={BUTTON} />;
  } else if (jobs.length === 0) {
    list = (
      <div className="rounded-xl border border-dashed border-ink-700 px-6 py-12 text-center">
        <p className="text-zinc-100">No audio jobs yet.</p>
        <p className="mt-2 text-sm text-ink-300">Voice a script, compose music for a mood or transcribe a recording above.</p>
      </div>
    );
  } else {
    list = (
      <>
        <ul aria-label="Audio jobs" className="space-y-3">
          {jobs.map((job) => (
            <li key={job.id}>
              <AudioJobRow job={job} categories={categories} highlighted={job.id === highlightId} now={Math.max(now, query.dataUpdatedAt)} onQueued={onQueued} />
            </li>
          ))}
        </ul>
        <LoadMore hasMore={Boolean(query.hasNextPage)} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} className={BUTTON} />
      </>
    );
  }

  return (
    <section data-testid="audio-jobs" id="audio-jobs" aria-labelledby="audio-jobs-heading" className="mt-12 scroll-mt-24 border-t border-ink-800 pt-10">
      <h2 id="audio-jobs-heading" className="mb-5 text-sm uppercase tracking-[0.2em] text-ink-300">
        Audio jobs
      </h2>
      {list}
    </section>
  );
}
