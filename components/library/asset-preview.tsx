import type { AssetView } from '@/lib/api/contracts/media';
import { useStableSignedUrl } from './use-stable-signed-url';

interface AssetPreviewProps {
  asset: AssetView;
  /** The sprite frame under the pointer, or null to show the poster. */
  scrubFrame: number | null;
}

/** Width over height of the picture, from the asset, else its sprite frames, else 16:9. */
function pictureRatio(asset: AssetView): number {
  if (asset.width && asset.height) return asset.width / asset.height;
  if (asset.sprite) return asset.sprite.frame_width / asset.sprite.frame_height;
  return 16 / 9;
}

/**
 * The sprite is a grid of `columns` frames per row. Scaling it to `columns` × `rows` times the
 * frame box makes one frame fill the box; a percentage position then picks a cell exactly.
 */
function spriteStyle(url: string, sprite: NonNullable<AssetView['sprite']>, frame: number) {
  const rows = Math.ceil(sprite.frames / sprite.columns);
  const column = frame % sprite.columns;
  const row = Math.floor(frame / sprite.columns);
  const at = (index: number, count: number) => (count > 1 ? (index / (count - 1)) * 100 : 0);
  return {
    backgroundImage: `url("${url}")`,
    backgroundSize: `${sprite.columns * 100}% ${rows * 100}%`,
    backgroundPosition: `${at(column, sprite.columns)}% ${at(row, rows)}%`,
  };
}

const TYPE_GLYPHS: Record<AssetView['asset_type'], string> = { video: '▶', image: '◼', audio: '♪' };

export function AssetPreview({ asset, scrubFrame }: AssetPreviewProps) {
  const poster = useStableSignedUrl(asset.thumbnail_url ?? (asset.asset_type === 'image' ? asset.content_url : null));
  const sprite = useStableSignedUrl(asset.sprite_url);
  const ratio = pictureRatio(asset);
  const frames = asset.sprite;
  const scrubbing = scrubFrame !== null && sprite !== null && frames !== null;

  return (
    <div className="flex aspect-video items-center justify-center overflow-hidden bg-ink-950">
      <div className={`relative max-h-full max-w-full ${ratio >= 16 / 9 ? 'w-full' : 'h-full'}`} style={{ aspectRatio: ratio }}>
        {poster ? (
          <img data-testid="asset-thumbnail" src={poster} alt="" loading="lazy" className="size-full object-cover" />
        ) : (
          <span aria-hidden className="flex size-full items-center justify-center bg-ink-800 text-2xl text-ink-500">
            {TYPE_GLYPHS[asset.asset_type]}
          </span>
        )}
        {scrubbing && (
          <div
            data-testid="asset-scrub"
            data-frame={scrubFrame}
            aria-hidden
            className="absolute inset-0 bg-no-repeat"
            style={spriteStyle(sprite, frames, scrubFrame)}
          />
        )}
      </div>
    </div>
  );
}
