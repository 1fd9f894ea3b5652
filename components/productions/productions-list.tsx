'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { LoadingRows } from '@/components/list-parts';
import { LoadError } from '@/components/load-error';
import { LoadMore } from '@/components/load-more';
import { PageHeader } from '@/components/page-header';
import { useClock } from '@/components/use-clock';
import { ProductionRow } from './production-row';
import { useProductions } from './use-productions';

const BUTTON = 'rounded-md border border-ink-700 px-4 py-2 text-sm text-zinc-200 transition hover:border-glow-400 disabled:opacity-50';

function EmptyState() {
  return (
    <div className="rounded-xl border border-dashed border-ink-700 px-6 py-12 text-center">
      <p className="text-zinc-100">No productions yet.</p>
      <p className="mt-2 text-sm text-ink-300">Write a brief in the studio and press Make a short: shots, music, voice-over and captions in one go.</p>
      <Link href="/studio" className="mt-6 inline-block rounded-md bg-glow-400 px-5 py-2.5 font-medium text-ink-950 hover:bg-glow-500">
        Open the studio
      </Link>
    </div>
  );
}

export function ProductionsList() {
  const query = useProductions();
  const now = useClock();
  const productions = query.data?.pages.flatMap((page) => page.productions) ?? [];

  let list: ReactNode;
  if (query.isPending) {
    list = <LoadingRows />;
  } else if (query.isError && productions.length === 0) {
    list = <LoadError message={query.error.message} onRetry={() => void query.refetch()} buttonClassName={BUTTON} />;
  } else if (productions.length === 0) {
    list = <EmptyState />;
  } else {
    list = (
      <>
        <ul aria-label="Productions" className="space-y-3">
          {productions.map((production) => (
            <li key={production.id}>
              <ProductionRow production={production} now={Math.max(now, query.dataUpdatedAt)} />
            </li>
          ))}
        </ul>
        <LoadMore hasMore={Boolean(query.hasNextPage)} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} className={BUTTON} />
      </>
    );
  }

  return (
    <main className="mx-auto max-w-6xl px-5 pb-24">
      <PageHeader eyebrow="Shorts" title="Productions" lead="Finished shorts from one brief: shots, music, voice-over and captions on an editable timeline." />
      <section aria-label="Production list">{list}</section>
    </main>
  );
}
