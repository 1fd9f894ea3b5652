import Link from 'next/link';

/** An honest placeholder for a page whose feature has not been built yet. */
export function ComingSoon({ title, what }: { title: string; what: string }) {
  return (
    <main className="mx-auto max-w-3xl px-5 py-20 text-center">
      <p className="text-xs uppercase tracking-[0.3em] text-glow-400">Coming next</p>
      <h1 className="mt-3 font-[family-name:var(--font-display)] text-4xl text-zinc-50">{title}</h1>
      <p className="mt-4 text-ink-300">{what}</p>
      <Link href="/" className="mt-8 inline-block rounded-md border border-ink-700 px-4 py-2 text-sm text-zinc-200 hover:border-glow-400">
        Back to the overview
      </Link>
    </main>
  );
}
