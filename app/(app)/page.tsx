import Link from 'next/link';

const MOODS = [
  { name: 'Surreal trip', range: '0–25', color: 'text-surreal', line: 'Bullet time, spiral zooms, neon noir.' },
  { name: 'Intimate story', range: '25–50', color: 'text-intimate', line: 'Handheld closeness in natural light.' },
  { name: 'Luxury reveal', range: '50–75', color: 'text-luxury', line: 'Slow dollies through golden hour.' },
  { name: 'High energy', range: '75–100', color: 'text-energy', line: 'FPV dives and crash zooms in neon.' },
];

const PAGES = [
  { href: '/studio', title: 'Studio', text: 'Write a prompt, slide the mood, pick a platform and preview the shot plan.' },
  { href: '/audio', title: 'Audio', text: 'Voice a script, score a scene from its mood, transcribe a recording with word timings.' },
  { href: '/jobs', title: 'Jobs', text: 'Follow every render and transcription live, retry what failed.' },
  { href: '/library', title: 'Library', text: 'Everything you generated or uploaded, with instant seeking playback.' },
];

export default function HomePage() {
  return (
    <main className="mx-auto max-w-6xl px-5 pb-24">
      <section className="py-20">
        <p className="text-xs uppercase tracking-[0.3em] text-glow-400">Self-hosted video &amp; audio studio</p>
        <h1 className="mt-4 max-w-3xl font-[family-name:var(--font-display)] text-5xl leading-tight text-zinc-50 sm:text-6xl">
          From a prompt and a mood to a finished shot.
        </h1>
        <p className="mt-6 max-w-2xl text-lg text-ink-300">
          Cinemood plans the camera move, the light and the cinematic prompt for your mood, renders it as a durable job — locally
          with ffmpeg or through the provider you bring — and keeps every result in your own library.
        </p>
        <div className="mt-8 flex gap-3">
          <Link href="/studio" className="rounded-md bg-glow-400 px-5 py-2.5 font-medium text-ink-950 hover:bg-glow-500">
            Open the studio
          </Link>
          <a href="/api/health" className="rounded-md border border-ink-700 px-5 py-2.5 text-zinc-200 hover:border-glow-400">
            System health
          </a>
        </div>
      </section>

      <section aria-labelledby="moods" className="border-t border-ink-800 py-12">
        <h2 id="moods" className="text-sm uppercase tracking-[0.2em] text-ink-300">The mood slider</h2>
        <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {MOODS.map((m) => (
            <li key={m.name} className="rounded-xl border border-ink-800 bg-ink-900 p-5">
              <p className={`font-[family-name:var(--font-display)] text-xl ${m.color}`}>{m.name}</p>
              <p className="mt-1 text-xs text-ink-500">mood {m.range}</p>
              <p className="mt-3 text-sm text-ink-300">{m.line}</p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="pages" className="border-t border-ink-800 py-12">
        <h2 id="pages" className="text-sm uppercase tracking-[0.2em] text-ink-300">Where to go</h2>
        <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {PAGES.map((p) => (
            <li key={p.href}>
              <Link href={p.href} className="block h-full rounded-xl border border-ink-800 bg-ink-900 p-5 transition hover:border-glow-400">
                <p className="text-lg text-zinc-50">{p.title} →</p>
                <p className="mt-2 text-sm text-ink-300">{p.text}</p>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
