'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys, type AudioJobView } from '@/components/media-api';

/** Sends a request that queues an audio job; on success the job list refetches (and starts polling) and the caller hears the id. */
export function useSubmitAudio<Input>(send: (input: Input) => Promise<{ job: AudioJobView }>, onQueued: (job: AudioJobView) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: ({ job }) => {
      onQueued(job);
      void client.invalidateQueries({ queryKey: queryKeys.audioJobs() });
    },
  });
}
