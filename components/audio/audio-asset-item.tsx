'use client';

import Link from 'next/link';
import type { AudioJobView } from '@/components/media-api';
import { formatDuration } from '@/components/library/media-format';
import { useStableSignedUrl } from '@/components/library/use-stable-signed-url';
import { roleLabel, type AudioJobType } from './audio-labels';

type AudioAssetRef = AudioJobView['assets'][number];

const LINK = 'shrink-0 rounded-md border border-glow-400/60 px-2.5 py-1 text-xs text-glow-400 transition hover:border-glow-400 hover:bg-glow-400/10';

/** One produced file: its waveform, a player that loads only when played, and the way to its library page. */
export function AudioAssetItem({ asset, type }: { asset: AudioAssetRef; type: AudioJobType }) {
  // Each poll signs the URLs afresh; keeping the first stops the player and image from reloading.
  const src = useStableSignedUrl(asset.content_url);
  const waveform = useStableSignedUrl(asset.thumbnail_url);
  const label = roleLabel(asset.role, type);

  return (
    <li data-testid="audio-asset" data-role={asset.role} className="min-w-0 rounded-lg border border-ink-800 bg-ink-950 p-3">
      <div className="flex min-w-0 items-center gap-3 text-xs">
        <span className="min-w-0 truncate uppercase tracking-[0.18em] text-ink-300" title={asset.title}>
          {label}
        </span>
        {asset.duration_seconds !== null && <span className="shrink-0 tabular-nums text-ink-500">{formatDuration(Math.round(asset.duration_seconds * 10) / 10)}</span>}
        <Link href={`/library/${asset.id}`} title={`Open ${label} in the library`} className={`ml-auto ${LINK}`}>
          Open in library
        </Link>
      </div>
      <div className="mt-2.5 grid gap-2.5 sm:grid-cols-[minmax(0,13rem)_minmax(0,1fr)] sm:items-center">
        {waveform ? (
          // Signed, expiring media URLs: next/image would cache them under a key that stops working.
          <img data-testid="audio-waveform" src={waveform} alt="" className="h-12 w-full rounded object-fill" />
        ) : (
          <div aria-hidden data-testid="audio-waveform-pending" className="flex h-12 items-center rounded bg-ink-900 px-3">
            <span className="h-px w-full animate-pulse bg-ink-500" />
          </div>
        )}
        {/* biome-ignore lint/a11y/useMediaCaption: a job's output has no captions; a transcript attached later shows on its library page, linked above. */}
        <audio data-testid="audio-player" controls preload="none" src={src ?? undefined} aria-label={`Play ${label}`} className="h-10 w-full min-w-0" />
      </div>
    </li>
  );
}

export { LINK as ASSET_LINK };
