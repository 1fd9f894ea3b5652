/** The heading block every app page opens with. */
export function PageHeader({ eyebrow, title, lead }: { eyebrow: string; title: string; lead: string }) {
  return (
    <header className="py-10 sm:py-12">
      <p className="text-xs uppercase tracking-[0.3em] text-glow-400">{eyebrow}</p>
      <h1 className="mt-3 font-[family-name:var(--font-display)] text-4xl text-zinc-50 sm:text-5xl">{title}</h1>
      <p className="mt-3 max-w-2xl text-ink-300">{lead}</p>
    </header>
  );
}
