'use client';

import { useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import { audioApi, queryKeys, type AudioJobFilters, type AudioJobView } from '@/components/media-api';
import { useStreamLive } from '@/components/live/live-status';

const ACTIVE_POLL_MS = 1500;
/** The waveform is drawn just after a job completes; a slower poll brings it in without a reload. */
const WAVEFORM_POLL_MS = 3000;
const WAVEFORM_WAIT_MS = 2 * 60_000;

type AudioJobPage = { jobs: AudioJobView[]; next_cursor: string | null };

export const isActive = (job: AudioJobView) => job.status === 'pending' || job.status === 'processing';

const awaitsWaveform = (job: AudioJobView, now: number) =>
  job.status === 'completed' &&
  job.completed_at !== null &&
  now - Date.parse(job.completed_at) < WAVEFORM_WAIT_MS &&
  job.assets.some((asset) => asset.thumbnail_url === null);

/** Poll fast while something visible is queued or running, and stop once everything has settled. */
export function pollInterval(data: InfiniteData<AudioJobPage> | undefined, now = Date.now()): number | false {
  const jobs = data?.pages.flatMap((page) => page.jobs) ?? [];
  if (jobs.some(isActive)) return ACTIVE_POLL_MS;
  if (jobs.some((job) => awaitsWaveform(job, now))) return WAVEFORM_POLL_MS;
  return false;
}

export function useAudioJobs(filters: AudioJobFilters = {}) {
  const live = useStreamLive();
  return useInfiniteQuery({
    queryKey: queryKeys.audioJobs(filters),
    queryFn: ({ pageParam, signal }) => audioApi.listJobs(filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: (query) => (live ? false : pollInterval(query.state.data)),
  });
}
