'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { JobProgress } from '@/components/jobs/job-progress';
import { formatDateTime, formatDuration, timeAgo } from '@/components/library/media-format';
import { ApiError } from '@/components/media-api';
import { useClock } from '@/components/use-clock';
import { FinalPlayer } from './final-player';
import { isUnsettled, productionTitle, type ProductionView } from './production-api';
import { ProductionActions } from './production-actions';
import type { ProductionOptions } from './production-options';
import { StatusBadge, STATUS_HINTS } from './status-badge';
import { Storyboard } from './storyboard';
import { TimelineEditor } from './timeline-editor';
import { useProduction } from './use-productions';
import { useTimelineDraft } from './use-timeline-draft';

interface ProductionDetailProps {
  id: string;
  options: ProductionOptions;
}

function BackLink() {
  return (
    <Link href="/productions" className="text-sm text-ink-300 hover:text-zinc-50">
      <span aria-hidden>← </span>All productions
    </Link>
  );
}

function Header({ production, dirty, now }: { production: ProductionView; dirty: boolean; now: number }) {
  const { timeline } = production;
  return (
    <header className="flex flex-col gap-5 pb-8 pt-3 lg:flex-row lg:items-start lg:justify-between">
      <div className="min-w-0">
        <h1 className="line-clamp-3 break-words font-[family-name:var(--font-display)] text-3xl text-zinc-50 sm:text-4xl">{productionTitle(production)}</h1>
        <div className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-1.5 text-xs text-ink-500">
          <StatusBadge status={production.status} />
          <span className="tabular-nums">
            {timeline.shots.length} shots · {formatDuration(timeline.duration)}
          </span>
          <time dateTime={production.created_at} title={formatDateTime(production.created_at)}>
            made {timeAgo(production.created_at, now)}
          </time>
          {production.renders > 1 && <span className="tabular-nums">{production.renders} renders</span>}
        </div>
        {isUnsettled(production.status) && (
          <div className="max-w-xl">
            <JobProgress progress={production.progress} etaSeconds={null} />
            <p className="mt-2 text-sm text-ink-300">{STATUS_HINTS[production.status]}</p>
          </div>
        )}
        {production.status === 'failed' && (
          <p data-testid="production-error" className="mt-3 max-w-2xl rounded-lg border border-intimate/40 bg-intimate/10 px-3 py-2 text-sm break-words text-intimate">
            {production.error_message ?? 'The production failed.'} Fix the failed shots below, then render again.
          </p>
        )}
      </div>
      <ProductionActions production={production} dirty={dirty} />
    </header>
  );
}

function ProductionBody({ production, options }: { production: ProductionView; options: ProductionOptions }) {
  const editor = useTimelineDraft(production);
  const now = useClock();
  const preset = options.presets.find((p) => p.id === production.timeline.output);
  const title = productionTitle(production);

  return (
    <div data-testid="production" data-status={production.status} data-renders={production.renders} data-version={production.timeline.version}>
      <Header production={production} dirty={editor.dirty} now={now} />
      <div className="space-y-10">
        {production.status === 'completed' && production.video_url && (
          <FinalPlayer production={production} title={title} ratio={preset ? preset.width / preset.height : 9 / 16} />
        )}
        <Storyboard production={production} labels={options.labels} editable={!editor.saving} onShotAction={editor.save} />
        <TimelineEditor production={production} options={options} editor={editor} />
      </div>
    </div>
  );
}

export function ProductionDetail({ id, options }: ProductionDetailProps) {
  const query = useProduction(id);

  let body: ReactNode;
  if (query.isPending) {
    body = <div aria-hidden className="mt-6 h-96 animate-pulse rounded-2xl border border-ink-800 bg-ink-900" />;
  } else if (query.isError && !query.data) {
    const missing = query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 422);
    body = (
      <div role="alert" className="mt-6 rounded-xl border border-intimate/40 bg-intimate/10 p-5 text-intimate">
        <p>{missing ? 'This production does not exist or was deleted.' : query.error.message}</p>
        {!missing && (
          <button type="button" onClick={() => void query.refetch()} className="mt-3 rounded-md border border-ink-700 px-4 py-2 text-sm text-zinc-200 hover:border-glow-400">
            Try again
          </button>
        )}
      </div>
    );
  } else if (query.data) {
    body = <ProductionBody production={query.data} options={options} />;
  }

  return (
    <main className="mx-auto max-w-6xl px-5 pb-24 pt-8">
      <BackLink />
      {body}
    </main>
  );
}
