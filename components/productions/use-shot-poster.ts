import { useQuery } from '@tanstack/react-query';
import type { Shot } from '@/lib/productions/timeline';
import { mediaApi, queryKeys } from '@/components/media-api';
import type { ProductionChild } from './production-api';

/** A generated shot's poster comes with its child job; a library shot's from its asset, fetched once. */
export function useShotPoster(shot: Shot | undefined, child: ProductionChild | undefined): string | null {
  const assetId = shot?.source.kind === 'asset' && !child?.thumbnail_url ? shot.source.asset_id : null;
  const asset = useQuery({
    queryKey: queryKeys.asset(assetId ?? ''),
    queryFn: ({ signal }) => mediaApi.getAsset(assetId ?? '', signal),
    enabled: assetId !== null,
    staleTime: 5 * 60_000,
  });
  return child?.thumbnail_url ?? asset.data?.asset.thumbnail_url ?? null;
}
