'use client';

import { useQuery } from '@tanstack/react-query';
import { queryKeys, videoApi } from '@/components/media-api';

/** The providers this server has keys for, with what each offers; changes only on a restart, so cached long. */
export function useVideoProviders() {
  const query = useQuery({
    queryKey: queryKeys.providers(),
    queryFn: ({ signal }) => videoApi.listProviders(signal),
    staleTime: 5 * 60_000,
  });
  return { ...query, configured: (query.data?.providers ?? []).filter((p) => p.configured) };
}
