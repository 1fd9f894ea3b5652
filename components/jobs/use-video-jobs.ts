import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { VideoJobView } from '@/lib/api/contracts/video';
import { queryKeys, videoApi, type JobFilters, type JobPage } from '@/components/media-api';

const ACTIVE_POLL_MS = 1500;
/** The poster is cut just after a render completes; a slower poll brings it in without a reload. */
const POSTER_POLL_MS = 3000;
const POSTER_WAIT_MS = 2 * 60_000;

export const isActive = (job: VideoJobView) => job.status === 'pending' || job.status === 'processing';

const awaitsPoster = (job: VideoJobView, now: number) =>
  job.status === 'completed' && job.thumbnail_url === null && job.completed_at !== null && now - Date.parse(job.completed_at) < POSTER_WAIT_MS;

/** Poll fast while something visible is queued or rendering, and stop once everything has settled. */
export function pollInterval(data: InfiniteData<JobPage> | undefined, now = Date.now()): number | false {
  const jobs = data?.pages.flatMap((page) => page.jobs) ?? [];
  if (jobs.some(isActive)) return ACTIVE_POLL_MS;
  if (jobs.some((job) => awaitsPoster(job, now))) return POSTER_POLL_MS;
  return false;
}

export function useVideoJobs(filters: JobFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.jobs(filters),
    queryFn: ({ pageParam, signal }) => videoApi.listJobs(filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: (query) => pollInterval(query.state.data),
  });
}

/** Retry or cancel; either way the list refetches, which also restarts polling for a retried job. */
export function useJobAction(action: 'retry' | 'cancel') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => (action === 'retry' ? videoApi.retryJob(id) : videoApi.cancelJob(id)),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.jobs() }),
  });
}
