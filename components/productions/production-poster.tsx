import { useStableSignedUrl } from '@/components/library/use-stable-signed-url';

interface PosterProps {
  url: string | null;
  /** Pulses while the picture is still on its way. */
  waiting: boolean;
  className: string;
  placeholder: string;
  testId?: string;
  /** Width over height, so the frame has the picture's shape before (and without) the picture. */
  ratio?: number;
}

/** A signed poster kept stable across polls, or a quiet placeholder until one exists. */
export function Poster({ url, waiting, className, placeholder, testId, ratio }: PosterProps) {
  const src = useStableSignedUrl(url);
  return (
    <div className={`relative flex items-center justify-center overflow-hidden bg-ink-800 ${className}`} style={ratio ? { aspectRatio: ratio } : undefined}>
      {src ? (
        // Signed, expiring media URLs: next/image would cache them under a key that stops working.
        <img data-testid={testId} src={src} alt="" className="size-full object-cover" />
      ) : (
        <span aria-hidden className={`px-1 text-center text-[10px] uppercase tracking-[0.15em] text-ink-500 ${waiting ? 'animate-pulse' : ''}`}>
          {placeholder}
        </span>
      )}
    </div>
  );
}
