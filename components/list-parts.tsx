import type { ReactNode } from 'react';

/** Three pulsing rows while a job list loads. */
export function LoadingRows({ height = 'h-32' }: { height?: string }) {
  return (
    <ul aria-hidden className="space-y-3">
      {[0, 1, 2].map((i) => (
        <li key={i} className={`${height} animate-pulse rounded-xl border border-ink-800 bg-ink-900`} />
      ))}
    </ul>
  );
}

/** One labelled fact in a job row's definition list. */
export function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 gap-1.5">
      <dt className="text-ink-500">{term}</dt>
      <dd className="min-w-0 truncate text-ink-300">{children}</dd>
    </div>
  );
}
