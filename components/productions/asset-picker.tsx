'use client';

import { useEffect, useRef, useState } from 'react';
import type { AssetView } from '@/lib/api/contracts/media';
import { formatDuration } from '@/components/library/media-format';
import { assetDisplayTitle, useAssets } from '@/components/library/use-assets';
import { LoadMore } from '@/components/load-more';
import { RadioChip } from '@/components/studio/radio-chip';

interface AssetPickerProps {
  /** Names the shot in the heading: "Replace shot 3". */
  shotNumber: number;
  onPick: (asset: AssetView) => void;
  onClose: () => void;
}

const BUTTON = 'rounded-md border border-ink-700 px-4 py-2 text-sm text-zinc-200 transition hover:border-glow-400 disabled:opacity-50';

function AssetChoice({ asset, onPick }: { asset: AssetView; onPick: (asset: AssetView) => void }) {
  const title = assetDisplayTitle(asset);
  return (
    <button
      type="button"
      data-testid="asset-choice"
      onClick={() => onPick(asset)}
      className="group flex w-full flex-col overflow-hidden rounded-lg border border-ink-800 bg-ink-950 text-left transition hover:border-glow-400"
    >
      <span className="relative block aspect-video bg-ink-800">
        {asset.thumbnail_url && <img src={asset.thumbnail_url} alt="" className="size-full object-cover" />}
        {asset.duration_seconds !== null && (
          <span className="absolute bottom-1 right-1 rounded bg-ink-950/80 px-1 text-[10px] tabular-nums text-zinc-100">{formatDuration(asset.duration_seconds)}</span>
        )}
      </span>
      <span className="line-clamp-2 break-words px-2 py-1.5 text-xs text-zinc-100">{title}</span>
    </button>
  );
}

/** A modal list of the library's clips and stills; the shot takes the one picked. */
export function AssetPicker({ shotNumber, onPick, onClose }: AssetPickerProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [type, setType] = useState<'video' | 'image'>('video');
  const query = useAssets({ asset_type: type, trash: false });
  const assets = query.data?.pages.flatMap((page) => page.assets) ?? [];

  // showModal() gives focus trapping, Escape and the backdrop for free; a plain open attribute would not.
  useEffect(() => {
    const dialog = dialogRef.current;
    dialog?.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby="asset-picker-heading"
      onClose={onClose}
      className="m-auto max-h-[85vh] w-[min(48rem,calc(100vw-2rem))] overflow-y-auto rounded-2xl border border-ink-700 bg-ink-900 p-5 text-zinc-100 backdrop:bg-ink-950/80"
    >
      <div className="flex items-start justify-between gap-4">
        <div>
          <h2 id="asset-picker-heading" className="font-[family-name:var(--font-display)] text-2xl text-zinc-50">
            Replace shot {shotNumber}
          </h2>
          <p className="mt-1 text-sm text-ink-300">Pick a clip or a still from the library; a still gets the shot&apos;s camera move.</p>
        </div>
        <button type="button" onClick={() => dialogRef.current?.close()} className={BUTTON}>
          Close
        </button>
      </div>
      <fieldset className="mt-4 flex gap-1.5">
        <legend className="sr-only">Kind</legend>
        <RadioChip name="picker-type" value="video" checked={type === 'video'} onSelect={() => setType('video')}>
          Clips
        </RadioChip>
        <RadioChip name="picker-type" value="image" checked={type === 'image'} onSelect={() => setType('image')}>
          Stills
        </RadioChip>
      </fieldset>
      <div className="mt-4">
        {query.isPending && <p className="text-sm text-ink-500">Loading the library…</p>}
        {query.isError && (
          <p role="alert" className="text-sm text-intimate">
            {query.error.message}
          </p>
        )}
        {!query.isPending && !query.isError && assets.length === 0 && (
          <p className="rounded-xl border border-dashed border-ink-700 px-4 py-8 text-center text-sm text-ink-300">
            No {type === 'video' ? 'clips' : 'stills'} in the library yet. Upload one on the Library page.
          </p>
        )}
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3">
          {assets.map((asset) => (
            <li key={asset.id} className="min-w-0">
              <AssetChoice asset={asset} onPick={onPick} />
            </li>
          ))}
        </ul>
        <LoadMore hasMore={Boolean(query.hasNextPage)} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} className={BUTTON} />
      </div>
    </dialog>
  );
}
