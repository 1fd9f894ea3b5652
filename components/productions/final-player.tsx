import { useStableSignedUrl } from '@/components/library/use-stable-signed-url';
import type { ProductionView } from './production-api';

interface FinalPlayerProps {
  production: ProductionView;
  title: string;
  /** Width over height of the output preset, so the frame has the video's shape before it loads. */
  ratio: number;
}

export function FinalPlayer({ production, title, ratio }: FinalPlayerProps) {
  // Polls re-sign the same file; a new src would restart playback.
  const src = useStableSignedUrl(production.video_url);
  const captions = useStableSignedUrl(production.captions_url);
  const poster = useStableSignedUrl(production.thumbnail_url);
  if (!src) return null;

  return (
    // As wide as the video is at 75 % of the screen's height: a vertical short is not framed by wide black bars.
    <section aria-label="Finished short" className="mx-auto overflow-hidden rounded-2xl border border-ink-800 bg-black" style={{ maxWidth: `min(100%, calc(75vh * ${ratio}))` }}>
      <div style={{ aspectRatio: ratio }}>
        {/* biome-ignore lint/a11y/useMediaCaption: the captions <track> is there whenever the production has captions; Biome cannot see a conditional child. */}
        <video
          key={src.split('?')[0]}
          data-testid="production-player"
          controls
          preload="metadata"
          playsInline
          src={src}
          poster={poster ?? undefined}
          aria-label={title}
          className="size-full bg-black"
        >
          {captions && <track kind="captions" src={captions} srcLang="en" label="Captions" default />}
        </video>
      </div>
    </section>
  );
}
