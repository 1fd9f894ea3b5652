import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { AssetView } from '@/lib/api/contracts/media';
import { signedPath } from './media-format';
import { assetDisplayTitle } from './use-assets';
import { useStableSignedUrl } from './use-stable-signed-url';

/** Swap in a fresh signature this long before the kept one runs out, so seeking never hits an expired link. */
const EXPIRY_MARGIN_MS = 60_000;

function expiresSoon(url: string): boolean {
  const exp = /[?&]exp=(\d+)/.exec(url)?.[1];
  return exp !== undefined && Number(exp) * 1000 - Date.now() < EXPIRY_MARGIN_MS;
}

/**
 * Refetches re-sign the same file; handing each new URL to the player would restart it.
 * The first URL is kept until the file changes or its signature is about to expire.
 */
function usePlayableUrl(fresh: string): string {
  const [kept, setKept] = useState(fresh);
  const replace = kept !== fresh && (signedPath(kept) !== signedPath(fresh) || expiresSoon(kept));
  if (replace) setKept(fresh);
  return replace ? fresh : kept;
}

function VideoPlayer({ src, poster, label, captions, mediaRef }: { src: string; poster: string | null; label: string; captions: string | null; mediaRef?: RefObject<HTMLMediaElement | null> }) {
  const lastTime = useRef(0);
  const resumeAt = useRef<number | null>(null);
  const firstSrc = useRef(src);

  // Runs after React sets the new src but before the element's queued load events,
  // so the position is captured before the reload resets it to 0.
  useLayoutEffect(() => {
    if (src !== firstSrc.current) resumeAt.current = lastTime.current;
  }, [src]);

  return (
    // biome-ignore lint/a11y/useMediaCaption: the captions <track> below is there whenever a transcript is attached; Biome cannot see a conditional child.
    <video
      ref={mediaRef as RefObject<HTMLVideoElement | null> | undefined}
      data-testid="player"
      controls
      preload="metadata"
      playsInline
      src={src}
      poster={poster ?? undefined}
      aria-label={label}
      onTimeUpdate={(event) => {
        if (resumeAt.current === null) lastTime.current = event.currentTarget.currentTime;
      }}
      onLoadedMetadata={(event) => {
        if (resumeAt.current !== null) event.currentTarget.currentTime = resumeAt.current;
        resumeAt.current = null;
      }}
      className="max-h-[70vh] w-full bg-black"
    >
      {captions && <track kind="captions" src={captions} srcLang="en" label="Transcript" default />}
    </video>
  );
}

export function AssetPlayer({ asset, mediaRef }: { asset: AssetView; mediaRef?: RefObject<HTMLMediaElement | null> }) {
  const captions = useStableSignedUrl(asset.captions_url);
  const src = usePlayableUrl(asset.content_url);
  const poster = useStableSignedUrl(asset.thumbnail_url);
  const label = assetDisplayTitle(asset);

  if (asset.asset_type === 'video') return <VideoPlayer src={src} poster={poster} label={label} captions={captions} mediaRef={mediaRef} />;
  if (asset.asset_type === 'image') {
    return <img data-testid="player" src={src} alt={label} className="mx-auto aspect-auto max-h-[70vh] w-full object-contain" />;
  }
  return (
    <div className="flex flex-col items-center gap-6 px-4 py-10">
      {poster ? (
        <img src={poster} alt="" className="max-h-64 rounded-lg object-contain" />
      ) : (
        <span aria-hidden className="text-6xl text-ink-500">
          ♪
        </span>
      )}
      {/* biome-ignore lint/a11y/useMediaCaption: the captions <track> is there whenever a transcript is attached (the transcript panel shows it); Biome cannot see a conditional child. */}
      <audio ref={mediaRef as RefObject<HTMLAudioElement | null> | undefined} data-testid="player" controls preload="metadata" src={src} aria-label={label} className="w-full max-w-xl">
        {captions && <track kind="captions" src={captions} srcLang="en" label="Transcript" default />}
      </audio>
    </div>
  );
}
