import type { AspectRatio } from '@/lib/strategy';

interface AspectFrameProps {
  ratio: AspectRatio;
  /** Length in px of the frame's long side. */
  size: number;
  /** Write the ratio inside the frame; icon-sized frames leave it to the text beside them. */
  captioned?: boolean;
}

/** The video frame drawn to scale: 9:16 stands tall, 21:9 lies wide, both inside the same square. */
export function AspectFrame({ ratio, size, captioned = false }: AspectFrameProps) {
  const [width, height] = ratio.split(':').map(Number);
  const scale = size / Math.max(width, height);
  return (
    <span className="flex shrink-0 items-center justify-center" style={{ width: size, height: size }}>
      <span
        data-testid="aspect-frame"
        data-aspect={ratio}
        {...(captioned ? { role: 'img', 'aria-label': `Aspect ratio ${ratio}` } : { 'aria-hidden': true })}
        className="flex items-center justify-center rounded-[3px] border border-zinc-300/60 bg-ink-950 text-[11px] tabular-nums text-ink-300"
        style={{ width: Math.round(width * scale), height: Math.round(height * scale) }}
      >
        {captioned && ratio}
      </span>
    </span>
  );
}
