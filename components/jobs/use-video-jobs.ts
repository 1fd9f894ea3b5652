import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { VideoJobView } from '@/lib/api/contracts/video';
import { queryKeys, videoApi } from '@/components/media-api';
import { activityKey } from './activity-api';

export const isActive = (job: VideoJobView) => job.status === 'pending' || job.status === 'processing';

/** Retry or cancel; either way the list refetches (the stream's event may also arrive first). */
export function useJobAction(action: 'retry' | 'cancel') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => (action === 'retry' ? videoApi.retryJob(id) : videoApi.cancelJob(id)),
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.jobs() }), client.invalidateQueries({ queryKey: activityKey() })]),
  });
}
