'use client';

import { LoadMore } from '@/components/load-more';
import { PageHeader } from '@/components/page-header';
import { useState, type ReactNode } from 'react';
import type { AssetFilters } from '@/components/media-api';
import { AssetCard } from './asset-card';
import { AssetFilterBar } from './asset-filter-bar';
import { UploadZone } from './upload-zone';
import { useAssets } from './use-assets';
import { LoadError } from '@/components/load-error';

const GRID = 'grid grid-cols-2 gap-3 sm:gap-4 md:grid-cols-3 lg:grid-cols-4';
const BUTTON = 'rounded-md border border-ink-700 px-4 py-2 text-sm text-zinc-200 transition hover:border-glow-400 disabled:opacity-50';

function emptyText({ trash, asset_type }: AssetFilters): string {
  if (trash) return 'The trash is empty.';
  if (asset_type) return `No ${asset_type} files yet.`;
  return 'Nothing here yet. Drop a file above, or generate a video in the studio.';
}

export function LibraryBrowser() {
  const [filters, setFilters] = useState<AssetFilters>({ trash: false });
  const query = useAssets(filters);
  const assets = query.data?.pages.flatMap((page) => page.assets) ?? [];

  let grid: ReactNode;
  if (query.isPending) {
    grid = (
      <ul aria-hidden className={GRID}>
        {Array.from({ length: 8 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholders; a place is all they have.
          <li key={i} className="aspect-[4/3] animate-pulse rounded-xl border border-ink-800 bg-ink-900" />
        ))}
      </ul>
    );
  } else if (query.isError && assets.length === 0) {
    grid = <LoadError message={query.error.message} onRetry={() => void query.refetch()} buttonClassName={BUTTON} />;
  } else if (assets.length === 0) {
    grid = <p className="rounded-xl border border-dashed border-ink-700 px-6 py-12 text-center text-ink-300">{emptyText(filters)}</p>;
  } else {
    grid = (
      <>
        <ul aria-label={filters.trash ? 'Trash' : 'Media'} className={GRID}>
          {assets.map((asset) => (
            <li key={asset.id} className="min-w-0">
              <AssetCard asset={asset} inTrash={filters.trash} />
            </li>
          ))}
        </ul>
        <LoadMore hasMore={Boolean(query.hasNextPage)} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} className={BUTTON} />
      </>
    );
  }

  return (
    <main className="mx-auto max-w-6xl px-5 pb-24">
      <PageHeader eyebrow="Media" title="Library" lead="Everything you generated or uploaded. Hover a video to scrub through it." />

      {/* Hidden rather than unmounted in the trash, so uploads in flight keep their progress. */}
      <div hidden={filters.trash}>
        <UploadZone />
      </div>
      <div className="mt-8">
        <AssetFilterBar value={filters} onChange={setFilters} />
      </div>
      <section aria-label={filters.trash ? 'Trash' : 'Library items'} className="mt-6">
        {filters.trash && <p className="mb-4 text-sm text-ink-500">Items in the trash can be restored until the trash period ends.</p>}
        {grid}
      </section>
    </main>
  );
}
