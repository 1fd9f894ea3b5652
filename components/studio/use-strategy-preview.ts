import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { StrategyRequestInput } from '@/lib/strategy';
import { fetchStrategy, StrategyApiError } from './strategy-api';
import { useDebouncedValue } from './use-debounced-value';

/** Long enough to skip the values a dragged slider passes through, short enough to feel live. */
export const PREVIEW_DEBOUNCE_MS = 250;

const isClientError = (error: Error): boolean => error instanceof StrategyApiError && error.status < 500;

/**
 * The shot plan for `request`, fetched once the inputs have settled. The previous
 * plan stays on screen while the next one loads, so the cards never blink out.
 * `request` must be memoised: a new object each render would restart the debounce.
 */
export function useStrategyPreview(request: StrategyRequestInput) {
  const settled = useDebouncedValue(request, PREVIEW_DEBOUNCE_MS);
  const query = useQuery({
    queryKey: ['video-strategy', settled],
    queryFn: ({ signal }) => fetchStrategy(settled, signal),
    enabled: settled.prompt.trim() !== '',
    placeholderData: keepPreviousData,
    // A seeded plan is deterministic, so a cached answer never goes out of date.
    staleTime: Infinity,
    // A 4xx would only repeat itself.
    retry: (failures, error) => !isClientError(error) && failures < 1,
  });
  return {
    plan: query.data,
    error: query.error,
    updating: settled !== request || query.isFetching,
  };
}
