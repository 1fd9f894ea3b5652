'use client';

import Link from 'next/link';
import { useRef, useState, type PointerEvent } from 'react';
import type { AssetView } from '@/lib/api/contracts/media';
import { formatDuration, TYPE_LABELS } from './media-format';
import { AssetPreview } from './asset-preview';
import { assetDisplayTitle, useRestoreAsset } from './use-assets';

interface AssetCardProps {
  asset: AssetView;
  inTrash: boolean;
}

/** frame = floor(x / width × frames), clamped: the pointer's place across the card picks the moment in the video. */
function frameUnderPointer(event: PointerEvent<HTMLElement>, preview: HTMLElement, frames: number): number {
  const box = preview.getBoundingClientRect();
  const frame = Math.floor(((event.clientX - box.left) / box.width) * frames);
  return Math.min(frames - 1, Math.max(0, frame));
}

export function AssetCard({ asset, inTrash }: AssetCardProps) {
  const previewRef = useRef<HTMLDivElement>(null);
  const [scrubFrame, setScrubFrame] = useState<number | null>(null);
  const restore = useRestoreAsset();
  const frames = asset.asset_type === 'video' && asset.sprite_url ? (asset.sprite?.frames ?? 0) : 0;
  const title = assetDisplayTitle(asset);

  const scrub = (event: PointerEvent<HTMLElement>) => {
    if (frames > 0 && previewRef.current && event.pointerType === 'mouse') setScrubFrame(frameUnderPointer(event, previewRef.current, frames));
  };

  return (
    <article
      data-testid="asset-card"
      data-asset-id={asset.id}
      data-asset-type={asset.asset_type}
      data-pinned={asset.pinned}
      onPointerMove={scrub}
      onPointerLeave={() => setScrubFrame(null)}
      className="group relative flex flex-col overflow-hidden rounded-xl border border-ink-800 bg-ink-900 transition hover:border-ink-700 focus-within:border-glow-400"
    >
      <div ref={previewRef} className="relative">
        <AssetPreview asset={asset} scrubFrame={scrubFrame} />
        <span className="absolute left-2 top-2 rounded bg-ink-950/80 px-1.5 py-0.5 text-[10px] uppercase tracking-[0.15em] text-ink-300">
          {TYPE_LABELS[asset.asset_type]}
        </span>
        {asset.pinned && (
          <span role="img" aria-label="Pinned" className="absolute right-2 top-1.5 text-base text-glow-400 drop-shadow">
            ★
          </span>
        )}
        {asset.duration_seconds !== null && (
          <span className="absolute bottom-2 right-2 rounded bg-ink-950/80 px-1.5 py-0.5 text-[11px] tabular-nums text-zinc-100">
            {formatDuration(asset.duration_seconds)}
          </span>
        )}
        {scrubFrame !== null && (
          <span aria-hidden className="absolute inset-x-0 bottom-0 h-0.5 bg-ink-800">
            <span className="block h-full bg-glow-400" style={{ width: `${((scrubFrame + 1) / frames) * 100}%` }} />
          </span>
        )}
      </div>

      <div className="flex flex-1 flex-col gap-2 p-3">
        {/* The link's ::after stretches over the whole card, so the card is one click target with the title as its name. */}
        <Link
          href={`/library/${asset.id}`}
          title={title}
          className="line-clamp-2 break-words text-sm leading-snug text-zinc-100 after:absolute after:inset-0 after:content-[''] focus-visible:outline-none"
        >
          {title}
        </Link>
        {inTrash && (
          <div className="relative z-10 mt-auto">
            <button
              type="button"
              disabled={restore.isPending}
              onClick={() => restore.mutate(asset.id)}
              className="rounded-md border border-glow-400/60 px-3 py-1 text-xs text-glow-400 transition hover:border-glow-400 hover:bg-glow-400/10 disabled:opacity-50"
            >
              Restore
            </button>
            {restore.isError && (
              <p role="alert" className="mt-1 text-xs text-intimate">
                {restore.error.message}
              </p>
            )}
          </div>
        )}
      </div>
    </article>
  );
}
