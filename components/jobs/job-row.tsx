'use client';

import Link from 'next/link';
import { useEffect, useId, useRef } from 'react';
import type { VideoJobView } from '@/lib/api/contracts/video';
import { formatDateTime, formatDuration, timeAgo } from '@/components/library/media-format';
import { categoryTextClass, labelFor, type StrategyLabels } from '@/components/library/strategy-labels';
import { JobProgress } from './job-progress';
import { JobStatusBadge } from './job-status-badge';
import { JobThumbnail } from './job-thumbnail';
import { isActive, useJobAction } from './use-video-jobs';
import { providerLabel } from '@/components/video-provider-labels';
import { Fact } from '@/components/list-parts';

interface JobRowProps {
  job: VideoJobView;
  labels: StrategyLabels;
  highlighted: boolean;
  /** The dashboard's clock, so "3 min ago" keeps moving after polling stops. */
  now: number;
}

const ACTION = 'rounded-md border px-3 py-1.5 text-sm transition disabled:cursor-not-allowed disabled:opacity-50';
const QUIET_ACTION = `${ACTION} border-ink-700 text-zinc-200 hover:border-ink-500`;

/** Providers report cost in their own units (Kling units, Replicate predict seconds, fal inference seconds). */
function costText(cost: Record<string, unknown>): string {
  return Object.entries(cost)
    .filter(([key, value]) => key !== 'provider' && value !== null && value !== undefined)
    .map(([key, value]) => `${key.replaceAll('_', ' ')} ${typeof value === 'number' ? Math.round(value * 100) / 100 : String(value)}`)
    .join(', ');
}

export function JobRow({ job, labels, highlighted, now }: JobRowProps) {
  const promptId = useId();
  const rowRef = useRef<HTMLElement>(null);
  const retry = useJobAction('retry');
  const cancel = useJobAction('cancel');
  const actionError = retry.error ?? cancel.error;

  // Arriving from the studio's "View job" link: bring the new job into view once.
  useEffect(() => {
    if (highlighted) rowRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [highlighted]);

  return (
    <article
      ref={rowRef}
      data-testid="job-row"
      data-status={job.status}
      data-job-id={job.id}
      data-highlighted={highlighted || undefined}
      aria-labelledby={promptId}
      aria-current={highlighted || undefined}
      className={`flex gap-4 rounded-xl border p-4 transition-colors ${
        highlighted ? 'border-glow-400 bg-glow-400/5 ring-1 ring-glow-400/40' : 'border-ink-800 bg-ink-900'
      }`}
    >
      <JobThumbnail job={job} />

      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5 text-xs">
          {/* Beside audio jobs and productions on the Jobs page, as their rows name their kind. */}
          <span className="font-medium uppercase tracking-[0.18em] text-zinc-100">{job.generation_type === 'image_to_video' ? 'Image to video' : 'Video'}</span>
          <JobStatusBadge status={job.status} />
          {job.mood_category && (
            <span data-testid="job-category" className={`uppercase tracking-[0.18em] ${categoryTextClass(job.mood_category)}`}>
              {labelFor(labels.categories, job.mood_category)}
            </span>
          )}
          <time dateTime={job.created_at} title={formatDateTime(job.created_at)} className="text-ink-500">
            {timeAgo(job.created_at, now)}
          </time>
        </div>

        <p id={promptId} title={job.prompt} className="mt-2 line-clamp-2 break-words text-sm leading-relaxed text-zinc-100">
          {job.prompt}
        </p>

        <dl className="mt-2 grid grid-cols-1 gap-x-5 gap-y-1 text-xs sm:flex sm:flex-wrap">
          {job.camera_movement && <Fact term="Camera">{labelFor(labels.cameras, job.camera_movement)}</Fact>}
          {job.lighting && <Fact term="Light">{labelFor(labels.lighting, job.lighting)}</Fact>}
          <Fact term="Format">
            <span className="tabular-nums">
              {job.aspect_ratio} · {formatDuration(job.duration)}
            </span>
          </Fact>
          <Fact term="Provider">
            {providerLabel(job.provider)}
            {job.provider_status && <span data-testid="provider-status" className="text-ink-500"> ({job.provider_status})</span>}
          </Fact>
          {job.cost && <Fact term="Cost">{costText(job.cost)}</Fact>}
          <Fact term="Attempts">
            <span className="tabular-nums">{job.attempts}</span>
          </Fact>
        </dl>

        {job.provider_history.length > 0 && (
          <ul data-testid="provider-history" className="mt-2 space-y-0.5 text-xs text-ink-500">
            {job.provider_history.map((tried, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: an append-only history; an entry's place is its identity (one provider may fail twice).
              <li key={i} className="break-words">
                Tried {providerLabel(String(tried.provider))} first: {String(tried.error_message ?? tried.error_code ?? 'failed')}
              </li>
            ))}
            {job.fallback.length > 0 && <li>Next if this fails: {job.fallback.map(providerLabel).join(', ')}</li>}
          </ul>
        )}
        {job.status === 'processing' && <JobProgress progress={job.progress} etaSeconds={job.eta_seconds} />}
        {job.status === 'failed' && job.error_message && (
          <p data-testid="job-error" className="mt-3 rounded-lg border border-intimate/40 bg-intimate/10 px-3 py-2 text-sm break-words text-intimate">
            {job.error_message}
          </p>
        )}

        <div className="mt-3 flex flex-wrap items-center gap-2 empty:hidden">
          {isActive(job) && (
            <button type="button" disabled={cancel.isPending} onClick={() => {
                retry.reset();
                cancel.mutate(job.id);
              }} className={QUIET_ACTION}>
              Cancel
            </button>
          )}
          {(job.status === 'failed' || job.status === 'canceled') && (
            <button
              type="button"
              disabled={retry.isPending}
              onClick={() => {
                cancel.reset();
                retry.mutate(job.id);
              }}
              className={`${ACTION} border-glow-400/60 text-glow-400 hover:border-glow-400 hover:bg-glow-400/10`}
            >
              Retry
            </button>
          )}
          {job.status === 'completed' && job.asset_id && (
            <Link href={`/library/${job.asset_id}`} className={`${ACTION} border-glow-400/60 text-glow-400 hover:border-glow-400 hover:bg-glow-400/10`}>
              Open in library
            </Link>
          )}
          {job.production_id && (
            // A shot of a production: its short is where this clip ends up.
            <Link href={`/productions/${job.production_id}`} className={QUIET_ACTION}>
              Part of a production
            </Link>
          )}
          {job.status === 'completed' && job.download_url && (
            <a href={job.download_url} download className={QUIET_ACTION}>
              Download
            </a>
          )}
        </div>
        {actionError && (
          <p role="alert" className="mt-2 text-sm text-intimate">
            {actionError.message}
          </p>
        )}
      </div>
    </article>
  );
}
