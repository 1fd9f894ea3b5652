import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AssetView } from '@/lib/api/contracts/media';
import { ApiError, mediaApi, queryKeys, type AssetChanges } from '@/components/media-api';

export function useAsset(id: string) {
  return useQuery({
    queryKey: queryKeys.asset(id),
    queryFn: ({ signal }) => mediaApi.getAsset(id, signal),
    select: (data) => data.asset,
    // Signed URLs expire after an hour; coming back to the tab fetches fresh ones.
    refetchOnWindowFocus: true,
    retry: (failures, error) => failures < 1 && !(error instanceof ApiError && error.status === 404),
  });
}

/** Edits show at once and roll back if the server refuses them. */
export function useUpdateAsset(id: string) {
  const client = useQueryClient();
  const key = queryKeys.asset(id);
  return useMutation({
    mutationFn: (changes: AssetChanges) => mediaApi.updateAsset(id, changes),
    onMutate: async (changes) => {
      await client.cancelQueries({ queryKey: key });
      const previous = client.getQueryData<{ asset: AssetView }>(key);
      if (previous) client.setQueryData(key, { asset: { ...previous.asset, ...changes } });
      return { previous };
    },
    onError: (_error, _changes, context) => {
      if (context?.previous) client.setQueryData(key, context.previous);
    },
    onSuccess: (data) => client.setQueryData(key, data),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.assets() }),
  });
}

export function useDeleteAsset(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => mediaApi.deleteAsset(id),
    onSuccess: (data) => {
      client.setQueryData(queryKeys.asset(id), data);
      return client.invalidateQueries({ queryKey: queryKeys.assets() });
    },
  });
}
