'use client';

/** The next page of a keyset-paginated list, fetched on demand. */
export function LoadMore({ hasMore, loading, onLoad, className }: { hasMore: boolean; loading: boolean; onLoad: () => void; className: string }) {
  if (!hasMore) return null;
  return (
    <div className="mt-6 text-center">
      <button type="button" onClick={onLoad} disabled={loading} aria-busy={loading} className={className}>
        Load more
      </button>
    </div>
  );
}
