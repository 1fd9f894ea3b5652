import type { VideoJobView } from '@/lib/api/contracts/video';
import { useStableSignedUrl } from '@/components/library/use-stable-signed-url';

/** Width over height of "16:9"; a malformed ratio falls back to 16:9 rather than breaking the layout. */
function ratioOf(aspect: string): number {
  const [width, height] = aspect.split(':').map(Number);
  return width > 0 && height > 0 ? width / height : 16 / 9;
}

/** The frame keeps the video's shape inside a fixed square, so rows line up whatever the aspect ratio. */
export function JobThumbnail({ job }: { job: VideoJobView }) {
  const src = useStableSignedUrl(job.thumbnail_url);
  const ratio = ratioOf(job.aspect_ratio);
  const rendering = job.status === 'pending' || job.status === 'processing';

  return (
    <div className="flex size-20 shrink-0 items-center justify-center rounded-lg bg-ink-950 sm:size-28">
      <div
        className={`relative flex items-center justify-center overflow-hidden rounded-md border border-ink-700 bg-ink-800 ${ratio >= 1 ? 'w-full' : 'h-full'}`}
        style={{ aspectRatio: ratio }}
      >
        {src ? (
          // Signed, expiring media URLs: next/image would cache them under a key that stops working.
          <img data-testid="job-thumbnail" src={src} alt="" className="size-full object-cover" />
        ) : (
          <span aria-hidden className={`text-[10px] tabular-nums text-ink-500 ${rendering ? 'animate-pulse' : ''}`}>
            {job.aspect_ratio}
          </span>
        )}
      </div>
    </div>
  );
}
