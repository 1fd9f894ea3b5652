import Link from 'next/link';
import { useId } from 'react';
import { JobProgress } from '@/components/jobs/job-progress';
import { formatDateTime, formatDuration, timeAgo } from '@/components/library/media-format';
import { Fact } from '@/components/list-parts';
import { isUnsettled, productionTitle, type ProductionView } from './production-api';
import { Poster } from './production-poster';
import { StatusBadge } from './status-badge';

interface ProductionRowProps {
  production: ProductionView;
  /** The list's clock, so "3 min ago" keeps moving after polling stops. */
  now: number;
  /** On the Jobs page, beside video and audio jobs, the row says what it is. */
  labelled?: boolean;
}

export function ProductionRow({ production, now, labelled = false }: ProductionRowProps) {
  const titleId = useId();
  const { timeline } = production;
  const title = productionTitle(production);
  const shotsDone = production.children.filter((child) => child.role.startsWith('shot:') && child.status === 'completed').length;

  return (
    <article
      data-testid="production-row"
      data-production-id={production.id}
      data-status={production.status}
      aria-labelledby={titleId}
      className="relative flex gap-4 rounded-xl border border-ink-800 bg-ink-900 p-4 transition hover:border-ink-700 focus-within:border-glow-400"
    >
      <Poster
        url={production.thumbnail_url}
        waiting={isUnsettled(production.status)}
        placeholder={`${timeline.shots.length} shots`}
        testId="production-poster"
        className="size-20 shrink-0 rounded-lg border border-ink-700 sm:size-28"
      />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5 text-xs">
          {labelled && <span className="font-medium uppercase tracking-[0.18em] text-zinc-100">Production</span>}
          <StatusBadge status={production.status} />
          <time dateTime={production.created_at} title={formatDateTime(production.created_at)} className="text-ink-500">
            {timeAgo(production.created_at, now)}
          </time>
        </div>
        {/* The link's ::after stretches over the whole row, so the row is one click target named by the brief. */}
        <Link
          id={titleId}
          href={`/productions/${production.id}`}
          title={title}
          className="mt-2 line-clamp-2 break-words text-sm leading-relaxed text-zinc-100 after:absolute after:inset-0 after:content-[''] focus-visible:outline-none"
        >
          {title}
        </Link>
        <dl className="mt-2 grid grid-cols-1 gap-x-5 gap-y-1 text-xs sm:flex sm:flex-wrap">
          <Fact term="Shots">
            <span className="tabular-nums">
              {isUnsettled(production.status) ? `${shotsDone} of ${timeline.shots.length} ready` : timeline.shots.length}
            </span>
          </Fact>
          <Fact term="Length">
            <span className="tabular-nums">{formatDuration(timeline.duration)}</span>
          </Fact>
          <Fact term="Sound">{[timeline.narration && 'voice-over', timeline.music && 'music'].filter(Boolean).join(' + ') || 'none'}</Fact>
        </dl>
        {isUnsettled(production.status) && <JobProgress progress={production.progress} etaSeconds={null} />}
        {production.status === 'failed' && production.error_message && (
          <p className="mt-3 rounded-lg border border-intimate/40 bg-intimate/10 px-3 py-2 text-sm break-words text-intimate">{production.error_message}</p>
        )}
      </div>
    </article>
  );
}
