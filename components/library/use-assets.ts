import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { AssetView } from '@/lib/api/contracts/media';
import { mediaApi, queryKeys, type AssetFilters, type AssetPage } from '@/components/media-api';
import { useStreamLive } from '@/components/live/live-status';

/** Posters and scrub sprites are cut in the background after an upload or render. */
const PREVIEW_POLL_MS = 3000;
const PREVIEW_WAIT_MS = 2 * 60_000;

const awaitsPreview = (asset: AssetView, now: number) =>
  asset.asset_type !== 'audio' &&
  (asset.thumbnail_url === null || (asset.asset_type === 'video' && asset.sprite_url === null)) &&
  now - Date.parse(asset.created_at) < PREVIEW_WAIT_MS;

/** Poll only while a fresh asset is still waiting for its previews; a file that never gets one stops the poll after a while. */
export function previewPollInterval(data: InfiniteData<AssetPage> | undefined, now = Date.now()): number | false {
  return data?.pages.some((page) => page.assets.some((asset) => awaitsPreview(asset, now))) ? PREVIEW_POLL_MS : false;
}

export function useAssets(filters: AssetFilters) {
  const live = useStreamLive();
  return useInfiniteQuery({
    queryKey: queryKeys.assets(filters),
    queryFn: ({ pageParam, signal }) => mediaApi.listAssets(filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: (query) => (live ? false : previewPollInterval(query.state.data)),
  });
}

export function useRestoreAsset() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => mediaApi.restoreAsset(id),
    onSuccess: ({ asset }) => {
      client.setQueryData(queryKeys.asset(asset.id), { asset });
      void client.invalidateQueries({ queryKey: queryKeys.assets() });
    },
  });
}

/** The title, else the prompt a generated video was made from, else "Untitled". */
export function assetDisplayTitle(asset: AssetView): string {
  if (asset.title.trim()) return asset.title;
  const prompt = asset.strategy?.prompt ?? asset.strategy?.enriched_prompt;
  return typeof prompt === 'string' && prompt.trim() ? prompt : 'Untitled';
}
