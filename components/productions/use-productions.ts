import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { ApiError } from '@/components/media-api';
import { useStreamLive } from '@/components/live/live-status';
import { isUnsettled, productionApi, productionKeys, type ProductionPage, type ProductionView, type UpdateProductionRequest } from './production-api';

const ACTIVE_POLL_MS = 1500;
/** The poster is cut just after the composition finishes; a slower poll brings it in without a reload. */
const POSTER_POLL_MS = 3000;
const POSTER_WAIT_MS = 2 * 60_000;

const awaitsPoster = (production: ProductionView, now: number) =>
  production.status === 'completed' &&
  production.thumbnail_url === null &&
  production.completed_at !== null &&
  now - Date.parse(production.completed_at) < POSTER_WAIT_MS;

/** While the event stream is down: poll fast while something is generating or composing, and stop once everything has settled. */
export function pollFor(productions: readonly ProductionView[], now = Date.now()): number | false {
  if (productions.some((p) => isUnsettled(p.status))) return ACTIVE_POLL_MS;
  if (productions.some((p) => awaitsPoster(p, now))) return POSTER_POLL_MS;
  return false;
}

export function useProductions() {
  const live = useStreamLive();
  return useInfiniteQuery({
    queryKey: productionKeys.all(),
    queryFn: ({ pageParam, signal }) => productionApi.list(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: (query) => (live ? false : pollFor((query.state.data as InfiniteData<ProductionPage> | undefined)?.pages.flatMap((page) => page.productions) ?? [])),
  });
}

export function useProduction(id: string) {
  const live = useStreamLive();
  return useQuery({
    queryKey: productionKeys.one(id),
    queryFn: ({ signal }) => productionApi.get(id, signal),
    select: (data) => data.production,
    refetchInterval: (query) => (live ? false : pollFor(query.state.data ? [query.state.data.production] : [])),
    // Signed URLs expire; coming back to the tab fetches fresh ones.
    refetchOnWindowFocus: true,
    retry: (failures, error) => failures < 1 && !(error instanceof ApiError && (error.status === 404 || error.status === 422)),
  });
}

/** Every action answers the production as it now stands; putting it in the cache restarts polling when it runs again. */
function useProductionMutation<T>(id: string, action: (input: T) => Promise<{ production: ProductionView }>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: action,
    onSuccess: (data) => client.setQueryData(productionKeys.one(id), data),
    onSettled: () => client.invalidateQueries({ queryKey: productionKeys.all() }),
  });
}

export const useUpdateProduction = (id: string) => useProductionMutation(id, (body: UpdateProductionRequest) => productionApi.update(id, body));
export const useRenderProduction = (id: string) => useProductionMutation(id, () => productionApi.render(id));
export const useCancelProduction = (id: string) => useProductionMutation(id, () => productionApi.cancel(id));

export function useDeleteProduction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => productionApi.remove(id),
    onSuccess: () => {
      client.removeQueries({ queryKey: productionKeys.one(id) });
      return client.invalidateQueries({ queryKey: productionKeys.all() });
    },
  });
}
