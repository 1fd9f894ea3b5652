import { useId } from 'react';
import type { Shot } from '@/lib/productions/timeline';
import { JobProgress } from '@/components/jobs/job-progress';
import { formatDuration } from '@/components/library/media-format';
import { labelFor, type StrategyLabels } from '@/components/library/strategy-labels';
import type { ProductionChild } from './production-api';
import { Poster } from './production-poster';
import { StatusBadge } from './status-badge';
import { useShotPoster } from './use-shot-poster';

interface ShotCardProps {
  shot: Shot;
  number: number;
  child: ProductionChild | undefined;
  labels: StrategyLabels;
  /** The production can take a shot edit now (it is not being saved or composed). */
  editable: boolean;
  onReplace: () => void;
  onRegenerate: () => void;
}

/** Width over height of "9:16"; a malformed ratio falls back to 16:9 rather than breaking the layout. */
export function ratioOf(aspect: string): number {
  const [width, height] = aspect.split(':').map(Number);
  return width > 0 && height > 0 ? width / height : 16 / 9;
}

const ACTION = 'rounded-md border px-2.5 py-1 text-xs transition disabled:cursor-not-allowed disabled:opacity-50';

export function ShotCard({ shot, number, child, labels, editable, onReplace, onRegenerate }: ShotCardProps) {
  const headingId = useId();
  const poster = useShotPoster(shot, child);
  const ratio = ratioOf(shot.aspect_ratio);
  const status = child?.status ?? (shot.source.kind === 'asset' ? 'completed' : 'pending');
  const running = status === 'pending' || status === 'processing';
  const failed = status === 'failed' || status === 'canceled';

  return (
    <article
      data-testid="shot-card"
      data-shot-id={shot.id}
      data-status={status}
      aria-labelledby={headingId}
      className={`flex h-full flex-col rounded-xl border bg-ink-900 p-3 ${failed ? 'border-intimate/50' : 'border-ink-800'}`}
    >
      <div className="flex aspect-[4/3] items-center justify-center overflow-hidden rounded-lg bg-ink-950">
        <Poster
          url={poster}
          waiting={running}
          placeholder={running ? 'Rendering' : shot.aspect_ratio}
          testId="shot-poster"
          ratio={ratio}
          className={`rounded-md border border-ink-700 ${ratio >= 4 / 3 ? 'w-full' : 'h-full'}`}
        />
      </div>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-2">
        <h3 id={headingId} className="text-xs uppercase tracking-[0.2em] text-ink-300">
          Shot {number}
        </h3>
        <StatusBadge status={status} testId="shot-status" />
      </div>
      <p className="mt-2 text-sm text-zinc-100">
        {labelFor(labels.cameras, shot.camera_movement)} <span className="text-ink-500">·</span> {labelFor(labels.lighting, shot.lighting)}
      </p>
      <p className="mt-0.5 text-xs tabular-nums text-ink-500">
        {formatDuration(shot.duration)} · {shot.source.kind === 'asset' ? `library ${shot.source.asset_type === 'image' ? 'still' : 'clip'}` : 'generated'}
      </p>
      {child && running && <JobProgress progress={child.progress} etaSeconds={null} />}
      {failed && (
        <div className="mt-3 space-y-2">
          <p data-testid="shot-error" className="rounded-lg border border-intimate/40 bg-intimate/10 px-2.5 py-1.5 text-xs break-words text-intimate">
            {child?.error_message ?? (status === 'canceled' ? 'This shot was canceled.' : 'This shot could not be made.')}
          </p>
          <div className="flex flex-wrap gap-1.5">
            <button type="button" disabled={!editable} onClick={onReplace} className={`${ACTION} border-ink-700 text-zinc-200 hover:border-glow-400`}>
              Replace with library clip…
            </button>
            <button
              type="button"
              disabled={!editable}
              onClick={onRegenerate}
              className={`${ACTION} border-glow-400/60 text-glow-400 hover:border-glow-400 hover:bg-glow-400/10`}
            >
              Regenerate
            </button>
          </div>
        </div>
      )}
    </article>
  );
}
