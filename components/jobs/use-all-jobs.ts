import { type InfiniteData, useInfiniteQuery } from '@tanstack/react-query';
import { useStreamLive } from '@/components/live/live-status';
import { activityApi } from '@/components/media-api';
import { type ActivityFilters, type ActivityItem, type ActivityPage, activityKey } from './activity-api';

const ACTIVE_POLL_MS = 1500;

const running = (item: ActivityItem) => {
  const status = item.kind === 'production' ? item.production.status : item.job.status;
  return status === 'pending' || status === 'processing' || status === 'generating' || status === 'composing';
};

/** While the event stream is down: poll while anything shown still runs. */
export function activityPollInterval(data: InfiniteData<ActivityPage> | undefined): number | false {
  return data?.pages.some((page) => page.jobs.some(running)) ? ACTIVE_POLL_MS : false;
}

/** Video jobs, audio jobs and productions together (GET /api/jobs), kept current by the event stream. */
export function useAllJobs(filters: ActivityFilters) {
  const live = useStreamLive();
  return useInfiniteQuery({
    queryKey: activityKey(filters),
    queryFn: ({ pageParam, signal }) => activityApi.list(filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: (query) => (live ? false : activityPollInterval(query.state.data)),
  });
}
